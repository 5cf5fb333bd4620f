package io.ubernetes.api.resource;

/**
 * What the stored object must match for a deletion to go ahead; null fields are not checked.
 *
 * @param uid the object's uid
 * @param resourceVersion the object's resourceVersion
 */
public record Preconditions(String uid, String resourceVersion) {
  public static final Preconditions NONE = new Preconditions(null, null);
}
