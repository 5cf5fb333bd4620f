package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.List;
import java.util.Map;

/**
 * ReplicaSets of their own (those with an owner, a Deployment's, are not simulated): as many pods
 * as replicas, named {@code <replicaset>-<n>}. As in Kubernetes, a template change does not touch
 * existing pods; only new pods get the new template.
 */
final class ReplicaSetController {
  private final Mirror<ReplicaSet> replicaSets;
  private final Mirror<Pod> pods;
  private final NewPods created;

  ReplicaSetController(Mirror<ReplicaSet> replicaSets, Mirror<Pod> pods, NewPods created) {
    this.replicaSets = replicaSets;
    this.pods = pods;
    this.created = created;
  }

  void reconcile() {
    Map<String, List<Pod>> owned = Pods.byController(pods.items());
    for (ReplicaSet replicaSet : replicaSets.items()) {
      List<?> owners = replicaSet.getMetadata().getOwnerReferences();
      if (owners != null && !owners.isEmpty()
          || replicaSet.getMetadata().getDeletionTimestamp() != null
          || replicaSet.getSpec() == null
          || replicaSet.getSpec().getTemplate() == null) {
        continue;
      }
      List<Pod> live =
          Replicas.live(pods, owned.getOrDefault(replicaSet.getMetadata().getUid(), List.of()));
      Replicas.scale(
          pods,
          created,
          replicaSet,
          replicaSet.getSpec().getTemplate(),
          replicaSet.getMetadata().getName() + "-",
          Map.of(),
          live,
          Rollout.replicas(replicaSet.getSpec().getReplicas()));

      int ready = Replicas.ready(live);
      ReplicaSetStatus status =
          new ReplicaSetStatusBuilder(
                  replicaSet.getStatus() == null ? new ReplicaSetStatus() : replicaSet.getStatus())
              .withObservedGeneration(replicaSet.getMetadata().getGeneration())
              .withReplicas(live.size())
              .withFullyLabeledReplicas(live.size())
              .withReadyReplicas(ready)
              .withAvailableReplicas(ready)
              .build();
      if (!status.equals(replicaSet.getStatus())) {
        replicaSets.updateStatus(new ReplicaSetBuilder(replicaSet).withStatus(status).build());
      }
    }
  }
}
