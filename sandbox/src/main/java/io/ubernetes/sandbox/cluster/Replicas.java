package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creating and removing a workload's pods: what the ReplicaSet-like controllers share. */
final class Replicas {
  private Replicas() {}

  /**
   * The workload's pods that count as replicas. Finished ones are deleted, as the ReplicaSet
   * controller replaces a failed pod; pods being deleted are left to go.
   */
  static List<Pod> live(Mirror<Pod> pods, List<Pod> owned) {
    List<Pod> live = new ArrayList<>();
    for (Pod pod : owned) {
      if (Pods.terminal(pod)) {
        pods.delete(pod);
      } else if (Pods.active(pod)) {
        live.add(pod);
      }
    }
    return live;
  }

  /**
   * Brings {@code current} (pods of one template) to {@code target}: new pods, named {@code
   * namePrefix<n>}, go to {@code created}; surplus pods go in {@link Pods#DELETION_ORDER}.
   */
  static void scale(
      Mirror<Pod> pods,
      NewPods created,
      HasMetadata owner,
      PodTemplateSpec template,
      String namePrefix,
      Map<String, String> labels,
      List<Pod> current,
      int target) {
    List<Pod> named = new ArrayList<>(current);
    for (int i = current.size(); i < target; i++) {
      Pod pod = Pods.fromTemplate(owner, template, Pods.nextName(namePrefix, named), labels);
      named.add(pod);
      created.add(pod);
    }
    remove(pods, current, current.size() - target);
  }

  /** Deletes {@code count} of the pods, in {@link Pods#DELETION_ORDER}. */
  static void remove(Mirror<Pod> pods, List<Pod> candidates, int count) {
    if (count <= 0) {
      return;
    }
    List<Pod> ranked = new ArrayList<>(candidates);
    ranked.sort(Pods.DELETION_ORDER);
    ranked.stream().limit(count).forEach(pods::delete);
  }

  /**
   * A number that changes whenever the workload or one of its pods does: their resourceVersions
   * folded together. A controller that reconciled this very state has nothing more to do.
   */
  static long fingerprint(HasMetadata owner, List<Pod> owned) {
    long fingerprint = owner.getMetadata().getResourceVersion().hashCode();
    for (Pod pod : owned) {
      fingerprint = fingerprint * 31 + pod.getMetadata().getResourceVersion().hashCode();
    }
    return fingerprint * 31 + owned.size();
  }

  static int ready(List<Pod> pods) {
    return (int) pods.stream().filter(Pods::ready).count();
  }
}
