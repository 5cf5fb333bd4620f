package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes pods whose controlling workload is gone, as Kubernetes' garbage collector would: the mock
 * API server has none. Only owners of the simulated kinds count; a pod owned by anything else is
 * left alone.
 */
final class GarbageCollector {
  private static final Set<String> OWNER_KINDS =
      Set.of("Deployment", "StatefulSet", "ReplicaSet", "Job");

  private final Mirror<Pod> pods;
  private final List<Mirror<? extends HasMetadata>> owners;

  GarbageCollector(Mirror<Pod> pods, List<Mirror<? extends HasMetadata>> owners) {
    this.pods = pods;
    this.owners = List.copyOf(owners);
  }

  void reconcile() {
    Set<String> living = new HashSet<>();
    for (Mirror<? extends HasMetadata> kind : owners) {
      kind.items().forEach(owner -> living.add(owner.getMetadata().getUid()));
    }
    for (Pod pod : pods.items()) {
      Pods.controller(pod)
          .filter(owner -> OWNER_KINDS.contains(owner.getKind()))
          .filter(owner -> !living.contains(owner.getUid()))
          .ifPresent(owner -> pods.delete(pod));
    }
  }
}
