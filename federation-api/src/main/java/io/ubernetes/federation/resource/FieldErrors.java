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
  private final List<FieldError> unknown;
  private final List<FieldError> duplicates;
  private final String prefix;

  public FieldErrors() {
    this(new ArrayList<>(), new HashSet<>(), new ArrayList<>(), new ArrayList<>(), "");
  }

  private FieldErrors(
      List<FieldError> errors,
      Set<String> unreadable,
      List<FieldError> unknown,
      List<FieldError> duplicates,
      String prefix) {
    this.errors = errors;
    this.unreadable = unreadable;
    this.unknown = unknown;
    this.duplicates = duplicates;
    this.prefix = prefix;
  }

  /**
   * A view that records into these errors with {@code prefix} before each field, for validating a
   * nested document with the rules of a top-level one ({@code workload.} + {@code spec.replicas}).
   */
  public FieldErrors under(String prefix) {
    return new FieldErrors(errors, unreadable, unknown, duplicates, this.prefix + prefix);
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

  /**
   * Adds the error of a field the type does not have, left out of the object: what {@link #decoded}
   * does with it depends on the write's field validation.
   */
  void unknown(String field, String message) {
    unreadable(field, message);
    unknown.add(new FieldError(prefix + field, message));
  }

  /**
   * Adds a field the document sets twice, its last value kept: what {@link #decoded} does with it
   * depends on the write's field validation.
   */
  void duplicate(String field) {
    FieldError error = new FieldError(prefix + field, "duplicate field");
    duplicates.add(error);
    record(error);
  }

  /**
   * Applies the write's field validation to the unknown and duplicate fields recorded: {@code
   * Strict} refuses them with 400, as Kubernetes does ({@code strict decoding error: unknown field
   * "spec.foo", duplicate field "spec.replicas"}), {@code Warn} accepts the document (unknown
   * fields dropped, a duplicate's last value kept) with a warning each, {@code Ignore} accepts it
   * silently; today's default keeps them among the errors, for one 422.
   */
  void decoded(WriteOptions.FieldValidation validation) {
    if (validation == WriteOptions.FieldValidation.LEGACY && !duplicates.isEmpty()) {
      // The federation's own paths refuse a field set twice as they always did: a bad body.
      throw ApiException.strictDecoding(
          String.join(
              ", ", duplicates.stream().map(d -> "duplicate field \"" + d.field() + "\"").toList()),
          duplicates);
    }
    if ((unknown.isEmpty() && duplicates.isEmpty())
        || validation == WriteOptions.FieldValidation.LEGACY) {
      return;
    }
    List<String> texts = new ArrayList<>();
    for (FieldError field : unknown) {
      errors.remove(field);
      unreadable.remove(field.field());
      texts.add("unknown field \"" + field.field() + "\"");
    }
    for (FieldError field : duplicates) {
      errors.remove(field);
      texts.add("duplicate field \"" + field.field() + "\"");
    }
    switch (validation) {
      case STRICT -> {
        List<FieldError> refused = new ArrayList<>(unknown);
        refused.addAll(duplicates);
        throw ApiException.strictDecoding(
            "strict decoding error: " + String.join(", ", texts), refused);
      }
      case WARN -> texts.forEach(Warnings::add);
      default -> {}
    }
    unknown.clear();
    duplicates.clear();
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
