package io.ubernetes.api.resource;

import java.util.ArrayList;
import java.util.List;

/** Collects every rule a request breaks, so that one answer names them all. */
public final class FieldErrors {
  private final List<FieldError> errors;
  private final String prefix;

  public FieldErrors() {
    this(new ArrayList<>(), "");
  }

  private FieldErrors(List<FieldError> errors, String prefix) {
    this.errors = errors;
    this.prefix = prefix;
  }

  /**
   * A view that records into these errors with {@code prefix} before each field, for validating a
   * nested document with the rules of a top-level one ({@code workload.} + {@code spec.replicas}).
   */
  public FieldErrors under(String prefix) {
    return new FieldErrors(errors, this.prefix + prefix);
  }

  /** Adds an error; the same error found twice is reported once. */
  public void add(String field, String message) {
    FieldError error = new FieldError(prefix + field, message);
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
