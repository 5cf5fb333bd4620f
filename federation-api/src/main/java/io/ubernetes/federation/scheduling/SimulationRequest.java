package io.ubernetes.federation.scheduling;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.util.List;

/**
 * A what-if question: where would this workload go? Nothing is stored.
 *
 * @param workload the workload to place; its name and namespace may be omitted, and when they name
 *     an existing workload its current placement counts (stickiness)
 * @param clusters clusters to use instead of the registered ones; without a Ready condition they
 *     count as ready
 * @param failedClusters clusters to treat as failed (their replicas move)
 * @param unschedulableClusters clusters to treat as unschedulable (being drained: their replicas go
 *     elsewhere where the rules allow)
 */
@Schema(name = "SimulationRequest")
public record SimulationRequest(
    FederatedWorkload workload,
    List<MemberCluster> clusters,
    List<String> failedClusters,
    List<String> unschedulableClusters) {

  public SimulationRequest {
    clusters = clusters == null ? null : List.copyOf(clusters);
    failedClusters = failedClusters == null ? List.of() : List.copyOf(failedClusters);
    unschedulableClusters =
        unschedulableClusters == null ? List.of() : List.copyOf(unschedulableClusters);
  }
}
