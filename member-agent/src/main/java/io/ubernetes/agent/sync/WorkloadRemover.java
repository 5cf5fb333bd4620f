package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Carries out the only two deletions there are: a tombstone (the workload left this cluster) and a
 * prune (an object left the workload's manifests). Either deletes an object only if it carries
 * {@code ubernetes.io/managed-by=ubernetes} and that workload's label, with its resourceVersion as
 * precondition.
 *
 * <p>They go in reverse {@link DependencyOrder}: custom resources before their definition,
 * namespaced objects before their Namespace, and a later rank only once every object of the ranks
 * before is gone. A Namespace the agent made itself is never deleted: the workload that adopted it
 * lets go of it (its workload label is removed), and what else lives in it stays.
 */
final class WorkloadRemover {
  private static final Logger log = LoggerFactory.getLogger(WorkloadRemover.class);

  private final KubeResources resources;
  private final DesiredState desired;

  private final DependencyOrder order;

  enum Deletion {
    DELETED,
    ABSENT,
    NOT_OURS,
    KEPT
  }

  WorkloadRemover(KubeResources resources, DesiredState desired) {
    this.resources = resources;
    this.desired = desired;
    this.order = new DependencyOrder(resources);
  }

  /**
   * Deletes what the tombstone lists, and what a label lookup finds for the workload among the same
   * kinds. Returns whether it is done; the caller then forgets the tombstone.
   */
  boolean remove(WorkloadKey key, Tombstone tombstone) {
    Set<ObjectRef> candidates = new LinkedHashSet<>(tombstone.objects());
    Set<String> kinds = new LinkedHashSet<>();
    tombstone.objects().forEach(ref -> kinds.add(ref.apiVersion() + "|" + ref.kind()));
    boolean done = true;
    for (String kind : kinds) {
      String[] parts = kind.split("\\|", 2);
      try {
        candidates.addAll(listOwned(key, parts[0], parts[1]));
      } catch (KubernetesClientException e) {
        log.warn(
            "Cannot list the {} objects of workload {}: {}",
            parts[1],
            key,
            FailureReason.of(e, resources.client().getMasterUrl()));
        done = false;
      }
    }
    done &= deleteInReverseOrder(key, candidates, "the workload left this cluster");
    if (done) {
      desired.tombstoneDone(key, tombstone);
      log.info("Workload {} removed from this cluster", key);
    }
    return done;
  }

  /** Deletes the objects that left the item's manifests; returns whether all are done. */
  boolean prune(WorkloadKey key, WorkItem item) {
    Set<ObjectRef> pending = desired.prunes(key);
    if (pending.isEmpty()) {
      return true;
    }
    Set<ObjectRef> wanted = Manifests.refs(item);
    Set<ObjectRef> done = new LinkedHashSet<>();
    int failedRank = -1;
    for (ObjectRef ref : reversed(pending)) {
      int rank = order.rank(ref);
      if (wanted.contains(ref)) {
        done.add(ref);
      } else if (failedRank < 0 || rank >= failedRank) {
        if (delete(key, ref, "no longer part of the workload")) {
          done.add(ref);
        } else {
          // What depends on what comes next is not gone: it waits until it is.
          failedRank = Math.max(failedRank, rank);
        }
      }
    }
    desired.prunesDone(key, done);
    return done.size() == pending.size();
  }

  /**
   * Deletes the objects rank by rank, from custom resources to definitions; stops before a rank
   * while an object of a rank before it could not be deleted. Returns whether all are done.
   */
  private boolean deleteInReverseOrder(WorkloadKey key, Set<ObjectRef> refs, String why) {
    int failedRank = -1;
    boolean done = true;
    for (ObjectRef ref : reversed(refs)) {
      int rank = order.rank(ref);
      if (failedRank >= 0 && rank < failedRank) {
        done = false;
      } else if (!delete(key, ref, why)) {
        done = false;
        failedRank = Math.max(failedRank, rank);
      }
    }
    return done;
  }

  /** The objects in reverse dependency order; in their own order within a rank. */
  private List<ObjectRef> reversed(Set<ObjectRef> refs) {
    return refs.stream()
        .sorted(Comparator.comparingInt((ObjectRef ref) -> order.rank(ref)).reversed())
        .toList();
  }

  /** Deletes one object if it is this workload's; returns whether nothing is left to do. */
  @SuppressWarnings("try") // held for the try block, not referenced in it
  private boolean delete(WorkloadKey key, ObjectRef ref, String why) {
    try (MDC.MDCCloseable object = MDC.putCloseable("object", Manifests.describe(ref))) {
      switch (deleteIfOwned(key, ref)) {
        case DELETED -> log.info("Deleted {}: {}", Manifests.describe(ref), why);
        case NOT_OURS ->
            log.info(
                "Not deleting {}: it does not carry the labels of workload {}",
                Manifests.describe(ref),
                key);
        case ABSENT -> log.debug("{} is already gone", Manifests.describe(ref));
        case KEPT ->
            log.info(
                "Not deleting {}: the agent made it for namespaced workloads; workload {} lets go"
                    + " of it",
                Manifests.describe(ref),
                key);
      }
      return true;
    } catch (KubernetesClientException e) {
      log.warn(
          "Cannot delete {}, will try again: {}",
          Manifests.describe(ref),
          FailureReason.why(e, resources.client().getMasterUrl()));
      return false;
    }
  }

  Deletion deleteIfOwned(WorkloadKey key, ObjectRef ref) {
    HasMetadata live = resources.get(ref);
    if (live == null) {
      return Deletion.ABSENT;
    }
    if (Ownership.problem(live, key) != null) {
      return Deletion.NOT_OURS;
    }
    if (Ownership.madeByAgent(live)) {
      letGo(live, key);
      return Deletion.KEPT;
    }
    try {
      // Deleted as seen: had someone just relabelled it, the precondition fails and it stays.
      resources.resource(ref).lockResourceVersion(live.getMetadata().getResourceVersion()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Deletion.ABSENT;
      }
      throw e;
    }
    return Deletion.DELETED;
  }

  /** Removes the workload's label from an object that stays, so that another may adopt it. */
  private void letGo(HasMetadata live, WorkloadKey key) {
    if (live.getMetadata().getLabels() == null
        || !key.label().equals(live.getMetadata().getLabels().get(WireLabels.WORKLOAD))) {
      return;
    }
    resources
        .client()
        .namespaces()
        .withName(live.getMetadata().getName())
        .edit(
            namespace -> {
              namespace.getMetadata().getLabels().remove(WireLabels.WORKLOAD);
              return namespace;
            });
  }

  private Set<ObjectRef> listOwned(WorkloadKey key, String apiVersion, String kind) {
    Set<ObjectRef> owned = new LinkedHashSet<>();
    for (HasMetadata object :
        resources.list(
            apiVersion,
            kind,
            Map.of(WireLabels.MANAGED_BY, WireLabels.MANAGER, WireLabels.WORKLOAD, key.label()))) {
      owned.add(KubeResources.ref(object));
    }
    return owned;
  }
}
