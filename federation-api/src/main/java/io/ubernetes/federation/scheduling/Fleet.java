package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.tenancy.TenancyRules;
import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters, policies and rules of tenancy one scheduling pass works with.
 *
 * @param fingerprint changes when anything placement depends on changes: labels, taints, cordons,
 *     readiness and why, prices, capacity by more than a twentieth of a cluster, and which
 *     namespaces may use which clusters
 * @param tenancy which clusters each namespace may use
 */
record Fleet(
    List<Cluster> clusters,
    Map<String, Placement> policies,
    String fingerprint,
    TenancyRules tenancy) {

  Fleet {
    clusters = List.copyOf(clusters);
    policies = Map.copyOf(policies);
  }

  /** A fleet where every namespace may use every cluster. */
  Fleet(List<Cluster> clusters, Map<String, Placement> policies, String fingerprint) {
    this(clusters, policies, fingerprint, TenancyRules.OPEN);
  }

  /** The fences of this fleet's namespaces: build once per pass, one instance per namespace. */
  TenancyRules.Fences fences() {
    return tenancy.fences(labels(clusters));
  }

  /** The labels of these clusters, by name. */
  static Map<String, Map<String, String>> labels(List<Cluster> clusters) {
    Map<String, Map<String, String>> labels = new HashMap<>();
    clusters.forEach(c -> labels.put(c.name(), c.labels()));
    return labels;
  }

  /**
   * Clusters whose replicas are to go elsewhere, with where they are ({@code failed cluster fra}):
   * failed ones, and those being drained (unschedulable). When nothing else may take their
   * replicas, the replicas stay.
   */
  Map<String, String> leaving() {
    Map<String, String> leaving = new HashMap<>();
    for (Cluster cluster : clusters) {
      if (cluster.readiness() == Readiness.FAILED) {
        leaving.put(cluster.name(), "failed cluster " + cluster.name());
      } else if (cluster.unschedulable()) {
        leaving.put(cluster.name(), "unschedulable cluster " + cluster.name());
      }
    }
    return leaving;
  }

  /**
   * How full each cluster is, in twentieths of its allocatable resources (the fullest of cpu,
   * memory and pods), counting what the ledger commits and what runs outside the federation.
   */
  Map<String, Integer> usage() {
    Map<String, Integer> usage = new HashMap<>();
    for (Cluster cluster : clusters) {
      Resources used = cluster.allocated();
      Resources allocatable = cluster.allocatable();
      usage.put(
          cluster.name(),
          Math.max(
              twentieths(used.cpuMillis(), allocatable.cpuMillis()),
              Math.max(
                  twentieths(used.memoryBytes(), allocatable.memoryBytes()),
                  twentieths(used.pods(), allocatable.pods()))));
    }
    return usage;
  }

  /**
   * Whether some cluster is emptier than before by at least a twentieth: room that bursting
   * workloads may come back to, or that a rebalance may use.
   */
  static boolean freed(Map<String, Integer> before, Map<String, Integer> now) {
    for (Map.Entry<String, Integer> cluster : now.entrySet()) {
      Integer was = before.get(cluster.getKey());
      if (was != null && cluster.getValue() < was) {
        return true;
      }
    }
    return false;
  }

  private static int twentieths(long used, long allocatable) {
    return allocatable <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, used * 20 / allocatable);
  }

  /** Each cluster's readiness by name; null for a cluster that is not in the fleet. */
  Map<String, Readiness> readiness() {
    Map<String, Readiness> readiness = new HashMap<>();
    clusters.forEach(c -> readiness.put(c.name(), c.readiness()));
    return readiness;
  }
}
