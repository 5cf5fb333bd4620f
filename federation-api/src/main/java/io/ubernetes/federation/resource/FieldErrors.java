package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every rule a request breaks, so that one answer names them all: the fields of its
 * document that could not be read (see {@link ClientDocuments}), then the rules the object read
 * breaks.
 */
public final class FieldErrors {
  private final List<FieldError> errors;
  private final Set<String> unreadable;
  private final String prefix;

  public FieldErrors() {
    this(new ArrayList<>(), new HashSet<>(), "");
  }

  private FieldErrors(List<FieldError> errors, Set<String> unreadable, String prefix) {
    this.errors = errors;
    this.unreadable = unreadable;
    this.prefix = prefix;
  }

  /**
   * A view that records into these errors with {@code prefix} before each field, for validating a
   * nested document with the rules of a top-level one ({@code workload.} + {@code spec.replicas}).
   */
  public FieldErrors under(String prefix) {
    return new FieldErrors(errors, unreadable, this.prefix + prefix);
  }

  /**
   * Adds an error; the same error found twice is reported once, and nothing is added about a field
   * that could not be read or what lies under it (it was left out of the object, so that rules
   * would only say it is missing).
   */
  public void add(String field, String message) {
    String path = prefix + field;
    if (!covered(path)) {
      record(new FieldError(path, message));
    }
  }

  /** Adds the error of a field whose value could not be read and was left out of the object. */
  void unreadable(String field, String message) {
    String path = prefix + field;
    record(new FieldError(path, message));
    unreadable.add(path);
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

  private void record(FieldError error) {
    if (!errors.contains(error)) {
      errors.add(error);
    }
  }

  private boolean covered(String path) {
    for (String field : unreadable) {
      if (path.equals(field) || path.startsWith(field + ".") || path.startsWith(field + "[")) {
        return true;
      }
    }
    return false;
  }
}
