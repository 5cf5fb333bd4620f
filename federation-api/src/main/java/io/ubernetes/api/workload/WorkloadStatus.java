package io.ubernetes.api.workload;

import io.ubernetes.api.resource.Condition;
import java.util.List;

/**
 * Where a workload runs and how it is doing.
 *
 * @param observedGeneration the spec generation this status describes
 * @param conditions {@code Scheduled}, {@code Applied}, {@code Ready}
 * @param clusters the replicas placed in each cluster, and how many are ready there
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

  /** A workload's share of one member cluster. */
  public record ClusterReplicas(String name, Integer replicas, Integer readyReplicas) {}
}
