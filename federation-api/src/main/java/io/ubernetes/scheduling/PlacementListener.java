package io.ubernetes.scheduling;

import io.ubernetes.api.workload.FederatedWorkload;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Told, inside the transaction that commits them, where a workload's replicas are committed: to
 * derive what follows from a placement, such as the work each member cluster must run.
 */
public interface PlacementListener {

  /**
   * @param committed replicas per cluster
   * @param clusterLabels the labels of every cluster of the fleet, by name
   */
  void placed(
      UUID workloadUid,
      FederatedWorkload workload,
      Map<String, Integer> committed,
      Map<String, Map<String, String>> clusterLabels,
      Instant now);
}
