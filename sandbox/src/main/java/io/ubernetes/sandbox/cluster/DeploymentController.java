package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deployments own their pods directly (there are no ReplicaSets in between): pods of the current
 * template carry its {@code pod-template-hash}, and a template change rolls them over by the
 * Deployment's strategy ({@link Rollout}). The status counts as the Deployment controller's does:
 * {@code updatedReplicas} are pods of the current template only.
 */
final class DeploymentController {
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private final Mirror<Deployment> deployments;
  private final Mirror<Pod> pods;
  private final NewPods created;
  private final TemplateHashes hashes = new TemplateHashes();

  /** Each Deployment's {@link Replicas#fingerprint} when last reconciled, by uid. */
  private final Map<String, Long> reconciled = new HashMap<>();

  /** A Deployment this pass reconciled, with its template's hash: its status is due. */
  private record Due(Deployment deployment, String hash) {}

  private final List<Due> statusDue = new ArrayList<>();

  DeploymentController(Mirror<Deployment> deployments, Mirror<Pod> pods, NewPods created) {
    this.deployments = deployments;
    this.pods = pods;
    this.created = created;
  }

  /** Creates and removes pods; {@link #writeStatuses} follows once the new pods are written. */
  void reconcile() {
    statusDue.clear();
    Map<String, List<Pod>> owned = Pods.byController(pods.items());
    Set<String> present = new HashSet<>();
    for (Deployment deployment : deployments.items()) {
      if (deployment.getMetadata().getDeletionTimestamp() != null
          || deployment.getSpec() == null
          || deployment.getSpec().getTemplate() == null) {
        continue;
      }
      String uid = deployment.getMetadata().getUid();
      present.add(uid);
      List<Pod> mine = owned.getOrDefault(uid, List.of());
      long fingerprint = Replicas.fingerprint(deployment, mine);
      if (reconciled.containsKey(uid) && reconciled.get(uid) == fingerprint) {
        hashes.keep(deployment);
        continue;
      }
      reconcile(deployment, Replicas.live(pods, mine));
      // Its own writes change the fingerprint: the next pass looks once more, and finds the
      // state it left.
      reconciled.put(uid, fingerprint);
    }
    reconciled.keySet().retainAll(present);
    hashes.forgetUnseen();
  }

  private void reconcile(Deployment deployment, List<Pod> live) {
    String hash = hashes.of(deployment, deployment.getSpec().getTemplate());
    List<Pod> current = new ArrayList<>();
    List<Pod> old = new ArrayList<>();
    for (Pod pod : live) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      (labels != null && hash.equals(labels.get(POD_TEMPLATE_HASH)) ? current : old).add(pod);
    }
    Rollout.Step step =
        Rollout.of(deployment)
            .step(current.size(), Replicas.ready(current), old.size(), Replicas.ready(old));
    Replicas.scale(
        pods,
        created,
        deployment,
        deployment.getSpec().getTemplate(),
        deployment.getMetadata().getName() + "-" + hash + "-",
        Map.of(POD_TEMPLATE_HASH, hash),
        current,
        step.newPods());
    Replicas.remove(pods, old, step.removeOld());
    statusDue.add(new Due(deployment, hash));
  }

  /**
   * Writes the status of the Deployments the pass reconciled, counting the pods as they are once
   * the pod simulator wrote this pass's new ones: one write where a status taken before them would
   * need a second (a write, a watch event to every watcher and a report to the federation per
   * Deployment), and never more updated replicas than new-template pods.
   */
  void writeStatuses() {
    if (statusDue.isEmpty()) {
      return;
    }
    Map<String, List<Pod>> owned = Pods.byController(pods.items());
    for (Due due : statusDue) {
      Deployment deployment = due.deployment();
      int current = 0;
      int live = 0;
      int ready = 0;
      for (Pod pod : owned.getOrDefault(deployment.getMetadata().getUid(), List.of())) {
        if (!Pods.active(pod)) {
          continue;
        }
        live++;
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels != null && due.hash().equals(labels.get(POD_TEMPLATE_HASH))) {
          current++;
        }
        if (Pods.ready(pod)) {
          ready++;
        }
      }
      int desired = Rollout.replicas(deployment.getSpec().getReplicas());
      DeploymentStatus status =
          new DeploymentStatusBuilder(
                  deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus())
              .withObservedGeneration(deployment.getMetadata().getGeneration())
              .withReplicas(live)
              .withUpdatedReplicas(current)
              .withReadyReplicas(ready)
              .withAvailableReplicas(ready)
              .withUnavailableReplicas(Math.max(0, desired - ready))
              .build();
      if (!status.equals(deployment.getStatus())) {
        deployments.updateStatus(new DeploymentBuilder(deployment).withStatus(status).build());
      }
    }
    statusDue.clear();
  }
}
