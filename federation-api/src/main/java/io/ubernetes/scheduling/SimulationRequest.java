package io.ubernetes.scheduling;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.api.cluster.MemberCluster;
import io.ubernetes.api.workload.FederatedWorkload;
import java.util.List;

/**
 * A what-if question: where would this workload go? Nothing is stored.
 *
 * @param workload the workload to place; its name and namespace may be omitted, and when they name
 *     an existing workload its current placement counts (stickiness)
 * @param clusters clusters to use instead of the registered ones; without a Ready condition they
 *     count as ready
 * @param failedClusters clusters to treat as failed (their replicas move)
 * @param cordonedClusters clusters to treat as unschedulable (they keep replicas, take no new ones)
 */
@Schema(name = "SimulationRequest")
public record SimulationRequest(
    FederatedWorkload workload,
    List<MemberCluster> clusters,
    List<String> failedClusters,
    List<String> cordonedClusters) {

  public SimulationRequest {
    clusters = clusters == null ? null : List.copyOf(clusters);
    failedClusters = failedClusters == null ? List.of() : List.copyOf(failedClusters);
    cordonedClusters = cordonedClusters == null ? List.of() : List.copyOf(cordonedClusters);
  }
}
