package io.ubernetes.scheduling;

import io.ubernetes.api.policy.Placement;
import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Readiness;
import java.util.List;
import java.util.Map;

/**
 * The clusters and policies one scheduling pass works with.
 *
 * @param fingerprint changes when anything placement depends on changes: labels, taints, cordons,
 *     readiness, prices, and capacity by more than a twentieth of a cluster
 */
record Fleet(List<Cluster> clusters, Map<String, Placement> policies, String fingerprint) {

  Readiness readiness(String cluster) {
    for (Cluster candidate : clusters) {
      if (candidate.name().equals(cluster)) {
        return candidate.readiness();
      }
    }
    return null;
  }
}
