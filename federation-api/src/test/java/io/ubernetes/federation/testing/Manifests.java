package io.ubernetes.federation.testing;

/** Request bodies used across the API tests. */
public final class Manifests {
  private Manifests() {}

  public static String cluster(String name, String region, String tier) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "MemberCluster",
         "metadata": {"name": "%s"},
         "spec": {"region": "%s", "zone": "%s-a", "provider": "onprem", "tier": "%s",
                  "cost": {"cpuCoreHour": 0.02, "memoryGiBHour": 0.004}}}
        """
        .formatted(name, region, region, tier);
  }

  public static String deployment(String image) {
    return """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"labels": {"app": "web"}},
         "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "%s",
                                        "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}}
        """
        .formatted(image);
  }

  public static String workload(String name, String template, String placement) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "%s", "labels": {"app": "web"}},
         "spec": {"template": %s, "replicas": 6, "placement": %s}}
        """
        .formatted(name, template, placement);
  }

  public static String workload(String name) {
    return workload(
        name,
        deployment("nginx:1.27"),
        """
        {"clusterSelector": {"matchExpressions": [
           {"key": "topology.kubernetes.io/region", "operator": "In", "values": ["eu-central", "eu-west"]}]},
         "preferences": [{"weight": 50, "selector": {"matchLabels": {"ubernetes.io/tier": "onprem"}}}],
         "spread": [{"topologyKey": "topology.kubernetes.io/zone", "minGroups": 2}]}
        """);
  }

  /** A ClusterFederatedWorkload: a Namespace with labels and a ClusterRole, everywhere. */
  public static String clusterWorkload(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "ClusterFederatedWorkload",
         "metadata": {"name": "%s"},
         "spec": {"template": {"apiVersion": "v1", "kind": "Namespace",
                               "metadata": {"name": "%s", "labels": {"team": "tools"}}},
                  "resources": [{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                                 "metadata": {"name": "%s-reader"},
                                 "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]}]}}
        """
        .formatted(name, name, name);
  }

  public static String policy(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "PlacementPolicy",
         "metadata": {"name": "%s"},
         "spec": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
                  "burst": {"tiers": ["onprem", "cloud"], "maxUtilization": 0.75}}}
        """
        .formatted(name);
  }

  /**
   * An override policy that moves the images of every workload of its namespace to an EU registry.
   */
  public static String overridePolicy(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "OverridePolicy",
         "metadata": {"name": "%s"},
         "spec": {"rules": [{"clusters": {"regions": ["eu-west"]},
                             "image": {"registry": "eu.gcr.io"}}]}}
        """
        .formatted(name);
  }

  /** A health rule: a Database is Healthy when Ready, Degraded when its phase is Failed. */
  public static String healthRule(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "HealthRule",
         "metadata": {"name": "%s"},
         "spec": {"apiVersion": "example.com/v1", "kind": "Database",
                  "healthy": {"jsonPath": ".status.phase", "value": "Ready"},
                  "degraded": {"cel": "object.status.phase == 'Failed'"}}}
        """
        .formatted(name);
  }

  /** A resource quota of a namespace: a large limit on cpu and pods, and on the eu set's pods. */
  public static String resourceQuota(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedResourceQuota",
         "metadata": {"name": "%s"},
         "spec": {"hard": {"cpu": "100", "pods": "1000"},
                  "clusterSets": [{"name": "eu", "hard": {"pods": "500"}}]}}
        """
        .formatted(name);
  }

  /** A cluster override policy that labels the workloads of on-premises clusters. */
  public static String clusterOverridePolicy(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "ClusterOverridePolicy",
         "metadata": {"name": "%s"},
         "spec": {"rules": [{"clusters": {"tiers": ["onprem"]},
                             "labels": {"set": {"example.com/site": "onprem"}}}]}}
        """
        .formatted(name);
  }

  /**
   * A rollout strategy: a canary cluster, then the EU clusters after an approval, then the rest.
   */
  public static String rolloutStrategy(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "RolloutStrategy",
         "metadata": {"name": "%s"},
         "spec": {"stages": [
                    {"name": "canary",
                     "clusterSelector": {"matchLabels": {"ubernetes.io/rollout-ring": "canary"}},
                     "maxConcurrency": 1, "minReadyTime": "30s"},
                    {"name": "eu",
                     "clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
                     "maxConcurrency": "50%%", "maxFailures": 1, "approval": true,
                     "progressDeadline": "15m", "orderBy": "topology.kubernetes.io/zone"}],
                  "onFailure": "Pause"}}
        """
        .formatted(name);
  }

  /** A federated object holding a ConfigMap of the same name, its name left to be filled in. */
  public static String federatedObject(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedObject",
         "metadata": {"name": "%s"},
         "spec": {"object": {"apiVersion": "v1", "kind": "ConfigMap",
                             "data": {"LOG_LEVEL": "info"}}}}
        """
        .formatted(name);
  }

  /**
   * A workload of a Deployment whose pods take their environment from the ConfigMap {@code config};
   * {@code more} adds fields to its spec (", \"replicas\": 2").
   */
  public static String workloadDrawing(String name, String config, String more) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "web"}},
                                        "template": {"metadata": {"labels": {"app": "web"}},
                                                     "spec": {"containers": [{"name": "web", "image": "nginx",
                                                              "envFrom": [{"configMapRef": {"name": "%s"}}]}]}}}}%s}}
        """
        .formatted(name, config, more);
  }

  /** A cluster set of the clusters in one region. */
  public static String clusterSet(String name, String region) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "ClusterSet",
         "metadata": {"name": "%s"},
         "spec": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "%s"}}}}
        """
        .formatted(name, region);
  }

  /** A binding of cluster set {@code name} (a binding is named after its set). */
  public static String clusterSetBinding(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "ClusterSetBinding",
         "metadata": {"name": "%s"},
         "spec": {"clusterSet": "%s"}}
        """
        .formatted(name, name);
  }
}
