package io.ubernetes.agent.state;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.List;

/**
 * The agent's desired state as kept in its member cluster, enough to go on reconciling without the
 * federation.
 *
 * @param revision the work feed revision the items are at
 * @param items the desired workloads, complete
 * @param tombstones removals received but not finished yet
 * @param prunes objects that left a workload's manifests and are still to be deleted
 * @param applied per workload, the last item whose objects were all applied; empty in state stored
 *     by agents that did not keep it
 */
public record StoredState(
    long revision,
    List<WorkItem> items,
    List<Tombstone> tombstones,
    List<Prune> prunes,
    List<Applied> applied) {

  public static final StoredState EMPTY =
      new StoredState(0, List.of(), List.of(), List.of(), List.of());

  public StoredState {
    items = items == null ? List.of() : List.copyOf(items);
    tombstones = tombstones == null ? List.of() : List.copyOf(tombstones);
    prunes = prunes == null ? List.of() : List.copyOf(prunes);
    applied = applied == null ? List.of() : List.copyOf(applied);
  }

  /**
   * The last item of workload {@code namespace/name} whose objects were all applied.
   *
   * @param revision the item's work feed revision
   * @param generation the workload generation it was rendered from
   * @param workloadRevision the workload revision it was rendered from; null from federations that
   *     do not number revisions
   */
  public record Applied(
      String namespace, String name, long revision, long generation, Integer workloadRevision) {}

  /** Objects of workload {@code namespace/name} to delete once they are no longer desired. */
  public record Prune(String namespace, String name, List<ObjectRef> objects) {
    public Prune {
      objects = objects == null ? List.of() : List.copyOf(objects);
    }
  }
}
