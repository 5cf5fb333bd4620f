package io.ubernetes.federation.resource;

/**
 * One rule a request broke.
 *
 * @param field the path of the offending value, e.g. {@code spec.placement.preferences[0].weight}
 * @param message what is wrong with it
 * @param reason Kubernetes' cause type when it is not the one the answer implies, e.g. {@code
 *     FieldManagerConflict}; null otherwise
 */
public record FieldError(String field, String message, String reason) {
  /** The reason of a field another manager owns, in a server-side apply's conflict. */
  public static final String FIELD_MANAGER_CONFLICT = "FieldManagerConflict";

  /** A field error of the reason its answer implies. */
  public FieldError(String field, String message) {
    this(field, message, null);
  }
}
