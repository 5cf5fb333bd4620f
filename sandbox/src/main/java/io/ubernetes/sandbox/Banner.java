package io.ubernetes.sandbox;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** What the sandbox prints once it runs: where things are and a few things to try. */
final class Banner {
  private Banner() {}

  /**
   * The federation's DNS server, as the banner shows it.
   *
   * @param address where it listens (UDP and TCP)
   * @param domain the zone's suffix
   * @param federation the federation's name in service names
   */
  record Dns(InetSocketAddress address, String domain, String federation) {
    /** What to put after {@code dig @}: a wildcard address is reached on the loopback. */
    String host() {
      return address.getAddress() == null || address.getAddress().isAnyLocalAddress()
          ? "127.0.0.1"
          : address.getAddress().getHostAddress();
    }

    /** {@code <service>.<namespace>.<federation>.svc[.<location>].<domain>}. */
    String name(String service, String namespace, String location) {
      return service
          + "."
          + namespace
          + "."
          + federation
          + ".svc."
          + (location.isEmpty() ? "" : location + ".")
          + domain;
    }
  }

  /**
   * The banner.
   *
   * @param dns the federation's DNS server, or null when this process runs none
   */
  static String text(
      URI federation,
      URI sandbox,
      String joinToken,
      String adminToken,
      Path caFile,
      List<Sandbox.ClusterView> clusters,
      Dns dns) {
    StringBuilder lines = new StringBuilder();
    lines.append("\n=== Ubernetes sandbox ===================================================\n");
    lines.append("Federation API : ").append(federation).append('\n');
    lines.append("Sandbox control: ").append(sandbox).append("/sandbox/clusters\n");
    if (dns != null) {
      lines
          .append("DNS server     : ")
          .append(dns.host())
          .append(':')
          .append(dns.address().getPort())
          .append(" (UDP and TCP), zone ")
          .append(dns.domain())
          .append('\n');
    }
    lines.append("Join token     : ").append(joinToken).append(" (for agents of real clusters)\n");
    lines.append("Admin token    : ").append(adminToken).append('\n');
    lines.append("Every call but the health probes needs a token; in this shell:\n");
    lines.append("  TOKEN=").append(adminToken).append('\n');
    if (caFile != null) {
      lines.append("TLS: the federation's certificate is ").append(caFile).append("; for curl:\n");
      lines.append("  export CURL_CA_BUNDLE=").append(caFile).append('\n');
    }
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
    Sandbox.ClusterView first = clusters.isEmpty() ? null : clusters.getFirst();
    String failed = first == null ? "onprem-fra" : first.name();
    String zone = first == null ? "eu-central-1a.eu-central" : first.zone() + "." + first.region();
    lines.append("\n1. Run a workload that must stay in the EU:\n");
    lines.append(
        """
          curl -s %1$s/api/v1/namespaces/shop/workloads -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
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
          watch -n1 "curl -s -H 'Authorization: Bearer $TOKEN' %1$s/api/v1/namespaces/shop/workloads/web | jq .status"
          curl -s -H "Authorization: Bearer $TOKEN" %1$s/api/v1/namespaces/shop/workloads/web/placement
        """
            .formatted(federation));
    int step = 3;
    if (dns != null) {
      lines.append("\n").append(step++).append(". Put a Service in front of it and look it up:\n");
      lines.append(
          """
            curl -s %1$s/api/v1/namespaces/shop/services -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
              "metadata": {"name": "web"},
              "spec": {"workload": "web", "type": "LoadBalancer", "ports": [{"name": "http", "port": 80}]}}'
            dig @%2$s -p %3$d +short %4$s
            dig @%2$s -p %3$d +noall +answer %5$s
            dig @%2$s -p %3$d +short _http._tcp.%4$s SRV
          """
              .formatted(
                  federation,
                  dns.host(),
                  dns.address().getPort(),
                  dns.name("web", "shop", ""),
                  dns.name("web", "shop", zone)));
    }
    lines
        .append("\n")
        .append(step)
        .append(". Fail a cluster and see the replicas move (recover it with :recover):\n");
    lines.append(
        """
          curl -s -X POST -H "Authorization: Bearer $TOKEN" %1$s/sandbox/clusters/%2$s:fail
        """
            .formatted(sandbox, failed));
    if (dns != null) {
      lines.append(
          "  After the DNS grace period, the service's names for that cluster fall back one level\n"
              + "  up by CNAME.\n");
    }
    lines.append("==========================================================================\n");
    return lines.toString();
  }
}
