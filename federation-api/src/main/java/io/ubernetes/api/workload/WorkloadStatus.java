package io.ubernetes.api.workload;

import io.ubernetes.api.resource.Condition;
import java.util.List;

/**
 * Where a workload runs and how it is doing.
 *
 * @param observedGeneration the spec generation this status describes
 * @param conditions {@code Scheduled}, {@code Moving}, {@code Applied}, {@code Ready}
 * @param clusters the replicas each cluster runs, how many are ready there, and while replicas
 *     move, how many it is to run
 * @param readyReplicas ready replicas across the federation
 */
public record WorkloadStatus(
    Long observedGeneration,
    List<Condition> conditions,
    List<ClusterReplicas> clusters,
    Integer readyReplicas) {

  public WorkloadStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /**
   * A workload's share of one member cluster.
   *
   * @param replicas what the cluster runs now
   * @param targetReplicas while replicas move, what it is to run once the move completes; absent
   *     when it is {@code replicas}
   */
  public record ClusterReplicas(
      String name, Integer replicas, Integer readyReplicas, Integer targetReplicas) {

    /** What the cluster is to run once any move completes. */
    public int wanted() {
      return targetReplicas != null ? targetReplicas : replicas == null ? 0 : replicas;
    }
  }
}
