package io.ubernetes.benchmark.agent;

/** The workloads the agent benchmark writes: a small Deployment pinned to one zone's cluster. */
final class Workloads {
  private Workloads() {}

  static String path(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/workloads";
  }

  static String path(String namespace, String name) {
    return path(namespace) + "/" + name;
  }

  /** A FederatedWorkload of {@code replicas} that only the cluster in {@code zone} may run. */
  static String pinned(String name, String zone, int replicas) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "%s", "labels": {"app": "%s"}},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}},
                  "placement": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/zone": "%s"}}}}}
        """
        .formatted(name, name, replicas, name, name, zone);
  }

  /** A merge patch that changes the pod template, so the workload gets a new generation. */
  static String revision(long revision) {
    return """
        {"spec": {"template": {"spec": {"template": {"metadata": {"annotations": {"bench/revision": "%d"}}}}}}}
        """
        .formatted(revision);
  }
}
