package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.workload.FederatedWorkload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Told, inside the transaction that commits them, where workloads' replicas are committed: to
 * derive what follows from a placement, such as the work each member cluster must run.
 */
public interface PlacementListener {

  /**
   * Where one workload's replicas are committed.
   *
   * @param committed replicas per cluster
   */
  record Placed(UUID workloadUid, FederatedWorkload workload, Map<String, Integer> committed) {}

  /**
   * @param placements the workloads of one pass, each locked by the caller
   * @param clusterLabels the labels of every cluster of the fleet, by name
   */
  void placed(List<Placed> placements, Map<String, Map<String, String>> clusterLabels, Instant now);
}
