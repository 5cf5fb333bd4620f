package io.ubernetes.federation.resource;

import java.util.List;

/**
 * Refuses the deletion of objects that others still refer to. Implemented by the feature that owns
 * the referring objects, so that the referred-to kind need not know about them.
 */
public interface DeletionGuard {

  /**
   * Called inside the deletion's transaction while the object's row is locked.
   *
   * @return the referrers, e.g. {@code FederatedWorkload default/web}; empty if none
   */
  List<String> referrers(String kind, String namespace, String name);
}
