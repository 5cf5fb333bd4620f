package io.ubernetes.api.resource;

import java.util.ArrayList;
import java.util.List;

/** Collects every rule a request breaks, so that one answer names them all. */
public final class FieldErrors {
  private final List<FieldError> errors = new ArrayList<>();

  /** Adds an error; the same error found twice is reported once. */
  public void add(String field, String message) {
    FieldError error = new FieldError(field, message);
    if (!errors.contains(error)) {
      errors.add(error);
    }
  }

  public void required(String field) {
    add(field, "required");
  }

  /** Adds an error unless {@code value} lies in {@code [min, max]}; a null value is not checked. */
  public void range(String field, Number value, long min, long max) {
    if (value != null && (value.longValue() < min || value.longValue() > max)) {
      add(field, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<FieldError> list() {
    return List.copyOf(errors);
  }

  /** Throws a 422 naming every collected error, if there is any. */
  public void throwIfAny(String kind, String name) {
    if (!errors.isEmpty()) {
      throw ApiException.invalid(kind, name, errors);
    }
  }
}
