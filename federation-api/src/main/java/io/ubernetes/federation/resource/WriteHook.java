package io.ubernetes.federation.resource;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs inside the transaction of a client's create or spec change, for what must be decided or
 * stored with it, e.g. a workload's revisions. A dry run calls it too and rolls back whatever it
 * wrote with the object.
 */
public interface WriteHook {

  /**
   * The spec to store instead of {@code spec}, after validation and the strategy's {@link
   * ResourceStrategy#beforeWrite}; throws {@link ApiException} to refuse the write.
   *
   * @param name the object's name
   * @param uid the object's uid; null when it is being created
   * @return {@code spec}, or a spec of the same type to store instead
   */
  default Object admitted(String kind, String name, UUID uid, Object spec) {
    return spec;
  }

  /**
   * Called once the object's row is written: created, or its spec changed (not for a write that
   * changed only labels or annotations).
   */
  default void written(Written write) {}

  /**
   * Called once the object's row is written with other labels and the same spec: what is decided by
   * an object's labels (e.g. which policies select a workload) may change with them.
   */
  default void relabelled(Written write) {}

  /**
   * A write of an object's spec.
   *
   * @param namespace the object's namespace; null for a cluster-scoped kind
   * @param labels the object's labels as stored, a JSON object
   * @param generation the object's generation after the write
   * @param before the spec before the write, decoded when asked; null when the object was created
   * @param sent the spec as admitted, before {@link #admitted} changed it
   * @param stored the spec as stored
   */
  record Written(
      String kind,
      String namespace,
      String name,
      String labels,
      UUID uid,
      long generation,
      Supplier<Object> before,
      Object sent,
      Object stored) {}
}
