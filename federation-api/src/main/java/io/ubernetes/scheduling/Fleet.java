package io.ubernetes.scheduling;

import io.ubernetes.api.policy.Placement;
import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Readiness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters and policies one scheduling pass works with.
 *
 * @param fingerprint changes when anything placement depends on changes: labels, taints, cordons,
 *     readiness, prices, and capacity by more than a twentieth of a cluster
 */
record Fleet(List<Cluster> clusters, Map<String, Placement> policies, String fingerprint) {

  Fleet {
    clusters = List.copyOf(clusters);
    policies = Map.copyOf(policies);
  }

  /**
   * Clusters whose replicas are to go elsewhere, with why: failed ones, and those being drained
   * (unschedulable). When nothing else may take their replicas, the replicas stay.
   */
  Map<String, String> leaving() {
    Map<String, String> leaving = new HashMap<>();
    for (Cluster cluster : clusters) {
      if (cluster.readiness() == Readiness.FAILED) {
        leaving.put(cluster.name(), "failed");
      } else if (cluster.unschedulable()) {
        leaving.put(cluster.name(), "unschedulable");
      }
    }
    return leaving;
  }

  /** Each cluster's readiness by name; null for a cluster that is not in the fleet. */
  Map<String, Readiness> readiness() {
    Map<String, Readiness> readiness = new HashMap<>();
    clusters.forEach(c -> readiness.put(c.name(), c.readiness()));
    return readiness;
  }
}
