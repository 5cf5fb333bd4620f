package io.ubernetes.federation.resource;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Queries the derived repository methods cannot express: key-ordered pages of one kind's objects
 * filtered by a label selector, and a locked read that is never stale.
 */
interface ResourcePages {

  /**
   * Reads an object and holds its row lock until the transaction ends. The object is as the
   * database holds it under the lock, even when the transaction had read it before without one (the
   * persistence context would otherwise hand back that earlier state, and writing it back would
   * undo whatever was committed in between).
   */
  Optional<ResourceEntity> lockForUpdate(String kind, String namespace, String name);

  /**
   * Returns up to {@code limit} objects of {@code kind} ordered by (namespace, name), starting
   * after {@code after} when given.
   *
   * @param namespaces only these namespaces, or every namespace when null
   */
  List<ResourceEntity> page(
      String kind,
      Collection<String> namespaces,
      LabelSelector selector,
      ObjectKey after,
      int limit);
}
