package io.ubernetes.benchmark.fleet;

import java.util.Locale;

/**
 * The benchmark's workloads: Deployments of 100m and 128Mi a replica in ten namespaces, with the
 * placements a federation sees in practice, in fixed proportions:
 *
 * <ul>
 *   <li>4 in 10: EU residency, 2 replicas spread over 2 zones;
 *   <li>3 in 10: anywhere, preferring on-prem, 2 replicas;
 *   <li>2 in 10: the US only, cloudbursting from on-prem to cloud at 80%, 3 replicas;
 *   <li>1 in 10: Duplicated, one replica in each of up to 3 clusters in ap-south.
 * </ul>
 */
public final class WorkloadMix {
  static final int NAMESPACES = 10;

  private static final String[] PLACEMENTS = {
    """
    {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region", "operator": "In",
       "values": ["eu-central", "eu-west", "eu-north"]}]},
     "spread": [{"topologyKey": "topology.kubernetes.io/zone", "minGroups": 2}]}""",
    """
    {"preferences": [{"weight": 50, "selector": {"matchLabels": {"ubernetes.io/tier": "onprem"}}}]}""",
    """
    {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region", "operator": "In",
       "values": ["us-east", "us-west"]}]},
     "burst": {"tiers": ["onprem", "cloud"], "maxUtilization": 0.8}}""",
    """
    {"mode": "Duplicated", "maxClusters": 3,
     "clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "ap-south"}}}"""
  };

  private WorkloadMix() {}

  /** The {@code i}-th workload's namespace, {@code <prefix>-<00..09>}. */
  public static String namespace(String prefix, int i) {
    return String.format(Locale.ROOT, "%s-%02d", prefix, i % NAMESPACES);
  }

  public static String name(int i) {
    return String.format(Locale.ROOT, "w-%04d", i);
  }

  /** The {@code i}-th workload's body. */
  public static String body(int i) {
    int kind = i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3;
    int replicas = kind == 2 ? 3 : kind == 3 ? 1 : 2;
    return body(name(i), replicas, PLACEMENTS[kind]);
  }

  /** A workload of the mix's Deployment with this name, replicas and placement (JSON). */
  public static String body(String name, int replicas, String placement) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}},
                  "placement": %s}}
        """
        .formatted(name, replicas, name, name, placement);
  }
}
