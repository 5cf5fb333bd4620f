package io.ubernetes.federation.resource;

/**
 * What the stored object must match for a deletion to go ahead; null fields are not checked.
 *
 * @param uid the object's uid
 * @param resourceVersion the object's resourceVersion
 */
public record Preconditions(String uid, String resourceVersion) {
  public static final Preconditions NONE = new Preconditions(null, null);

  /** How this server writes resourceVersions: a number from one sequence, in decimal. */
  private static final java.util.regex.Pattern RESOURCE_VERSION =
      java.util.regex.Pattern.compile("0|[1-9][0-9]{0,17}");

  /**
   * Refuses with 400 a resourceVersion this server cannot have issued: a stale one is a conflict
   * (409), a malformed one is a mistake in the request, named by {@code field}. Null or empty is
   * not checked.
   */
  public static void requireWellFormed(String resourceVersion, String field) {
    if (resourceVersion != null
        && !resourceVersion.isEmpty()
        && !RESOURCE_VERSION.matcher(resourceVersion).matches()) {
      throw ApiException.badRequest(
          field,
          "\""
              + resourceVersion
              + "\" is not a resourceVersion: use the metadata.resourceVersion of an object read"
              + " from this API");
    }
  }

  /**
   * Throws a 409 naming both sides unless the stored object matches.
   *
   * @param resourceVersionRequired whether a missing resourceVersion is itself a conflict (PUT)
   */
  void verify(
      ResourceStrategy<?, ?, ?> strategy, ResourceEntity entity, boolean resourceVersionRequired) {
    String subject = strategy.kind() + " \"" + entity.name() + "\"";
    if (uid != null && !uid.isEmpty() && !uid.equals(entity.uid().toString())) {
      throw ApiException.conflict(
          "Precondition failed on "
              + subject
              + ": request uid "
              + uid
              + ", stored uid "
              + entity.uid()
              + " (the object was deleted and created again)",
          new FieldError("metadata.uid", "does not match the stored object"));
    }
    String stored = Long.toString(entity.resourceVersion());
    if (resourceVersion == null || resourceVersion.isEmpty()) {
      if (resourceVersionRequired) {
        throw ApiException.conflict(
            "metadata.resourceVersion is required to update "
                + subject
                + ": read the object, change it and send it back with the resourceVersion you read"
                + " (stored resourceVersion "
                + stored
                + ")",
            new FieldError("metadata.resourceVersion", "required"));
      }
      return;
    }
    if (!resourceVersion.equals(stored)) {
      throw ApiException.conflict(
          "Operation cannot be fulfilled on "
              + subject
              + ": the object has been modified; request resourceVersion "
              + resourceVersion
              + ", stored resourceVersion "
              + stored
              + ". Read the object again and apply your change to the latest version",
          new FieldError("metadata.resourceVersion", "does not match the stored object"));
    }
  }
}
