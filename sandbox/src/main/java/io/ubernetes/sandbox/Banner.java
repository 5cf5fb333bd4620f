package io.ubernetes.sandbox;

import java.net.URI;
import java.util.List;

/** What the sandbox prints once it runs: where things are and three things to try. */
final class Banner {
  private Banner() {}

  static String text(
      URI federation, URI sandbox, String joinToken, List<Sandbox.ClusterView> clusters) {
    StringBuilder lines = new StringBuilder();
    lines.append("\n=== Ubernetes sandbox ===================================================\n");
    lines.append("Federation API : ").append(federation).append('\n');
    lines.append("Sandbox control: ").append(sandbox).append("/sandbox/clusters\n");
    lines.append("Join token     : ").append(joinToken).append(" (for agents of real clusters)\n");
    lines.append("The API answers on the loopback interface only and needs no credentials.\n");
    lines.append("\nSimulated member clusters (inspect any of them with a plain HTTP client):\n");
    for (Sandbox.ClusterView cluster : clusters) {
      lines.append(
          String.format(
              "  %-16s %-6s %-11s %-16s %s%n",
              cluster.name(),
              cluster.tier(),
              cluster.region(),
              cluster.zone(),
              cluster.apiServer()));
    }
    String first = clusters.isEmpty() ? "onprem-fra" : clusters.getFirst().name();
    lines.append("\n1. Run a workload that must stay in the EU:\n");
    lines.append(
        """
          curl -s %1$s/api/v1/namespaces/shop/workloads -H 'Content-Type: application/json' -d '{
            "metadata": {"name": "web"},
            "spec": {"replicas": 6,
              "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                      "resources": {"requests": {"cpu": "500m", "memory": "512Mi"}}}]}}}},
              "placement": {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
                "operator": "In", "values": ["eu-central", "eu-west", "eu-north"]}]}}}}'
        """
            .formatted(federation));
    lines.append("\n2. Watch where it runs and why:\n");
    lines.append(
        """
          watch -n1 "curl -s %1$s/api/v1/namespaces/shop/workloads/web | jq .status"
          curl -s %1$s/api/v1/namespaces/shop/workloads/web/placement
        """
            .formatted(federation));
    lines.append("\n3. Fail a cluster and see the replicas move (recover it with :recover):\n");
    lines.append(
        """
          curl -s -X POST %1$s/sandbox/clusters/%2$s:fail
        """
            .formatted(sandbox, first));
    lines.append("==========================================================================\n");
    return lines.toString();
  }
}
