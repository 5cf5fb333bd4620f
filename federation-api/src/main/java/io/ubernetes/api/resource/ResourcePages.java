package io.ubernetes.api.resource;

import java.util.List;

/** Key-ordered pages of one kind's objects, filtered by a label selector. */
interface ResourcePages {

  /**
   * Returns up to {@code limit} objects of {@code kind} ordered by (namespace, name), starting
   * after {@code after} when given.
   *
   * @param namespace only this namespace, or every namespace when null
   */
  List<ResourceEntity> page(
      String kind, String namespace, LabelSelector selector, ObjectKey after, int limit);
}
