package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.LinkedHashSet;
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
 */
final class WorkloadRemover {
  private static final Logger log = LoggerFactory.getLogger(WorkloadRemover.class);

  private final KubeResources resources;
  private final DesiredState desired;

  enum Deletion {
    DELETED,
    ABSENT,
    NOT_OURS
  }

  WorkloadRemover(KubeResources resources, DesiredState desired) {
    this.resources = resources;
    this.desired = desired;
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
    for (ObjectRef ref : candidates) {
      done &= delete(key, ref, "the workload left this cluster");
    }
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
    for (ObjectRef ref : pending) {
      if (wanted.contains(ref) || delete(key, ref, "no longer part of the workload")) {
        done.add(ref);
      }
    }
    desired.prunesDone(key, done);
    return done.size() == pending.size();
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
