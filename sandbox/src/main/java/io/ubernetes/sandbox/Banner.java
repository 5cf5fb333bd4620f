package io.ubernetes.sandbox;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What the sandbox prints once it runs: where things are and a few things to try. Every example
 * works pasted as it is into the shell that pasted the {@code export TOKEN=...} line: no
 * placeholders, and names that nothing has yet.
 */
final class Banner {
  /** The namespace of the examples' workload and service. */
  static final String NAMESPACE = "shop";

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
   * Names for the examples that nothing has yet.
   *
   * @param workload the workload's and its service's name in {@link #NAMESPACE}
   * @param cluster the name of the cluster the example adds
   */
  record Examples(String workload, String cluster) {}

  /**
   * A cluster of an earlier start that this one left out, and that the federation still knows.
   *
   * @param keptIn where its objects are
   * @param delete the command that removes it from the federation
   */
  record LeftOut(String name, Path keptIn, String delete) {}

  /**
   * A member of the federation that no agent ever spoke for and no simulated cluster stands for:
   * registered by hand.
   *
   * @param add the command that gives it a simulated cluster with its agent
   */
  record WithoutAgent(String name, String add) {}

  /**
   * What the banner shows.
   *
   * @param caFile the federation's certificate when the sandbox serves TLS, or null
   * @param kubeconfig the federation's kubeconfig, or null when the sandbox has no federation of
   *     its own
   * @param dns the federation's DNS server, or null when this process runs none
   */
  record Facts(
      URI federation,
      URI sandbox,
      String joinToken,
      String adminToken,
      Path caFile,
      Path kubeconfig,
      List<Sandbox.ClusterView> clusters,
      Dns dns,
      Examples examples,
      List<LeftOut> leftOut,
      List<WithoutAgent> withoutAgent) {}

  static String text(Facts facts) {
    URI federation = facts.federation();
    Dns dns = facts.dns();
    String web = facts.examples().workload();
    StringBuilder lines = new StringBuilder();
    lines.append("\n=== Ubernetes sandbox ===================================================\n");
    lines.append("Federation API : ").append(federation).append('\n');
    lines.append("Sandbox control: ").append(facts.sandbox()).append("/sandbox/clusters\n");
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
    lines
        .append("Join token     : ")
        .append(facts.joinToken())
        .append(" (for agents of real clusters)\n");
    lines.append("Admin token    : ").append(facts.adminToken()).append('\n');
    lines.append("Every call but the health probes needs the token; paste this line first:\n");
    lines.append("  export TOKEN=").append(facts.adminToken()).append('\n');
    if (facts.kubeconfig() != null) {
      lines.append("kubectl (the kubeconfig carries the token and the certificate):\n");
      lines.append("  export KUBECONFIG=").append(facts.kubeconfig().toAbsolutePath()).append('\n');
      lines.append("  kubectl get ubernetes\n");
    }
    if (facts.caFile() != null) {
      lines.append("TLS: the federation's certificate is ").append(facts.caFile());
      lines.append("; for curl:\n");
      lines.append("  export CURL_CA_BUNDLE=").append(facts.caFile()).append('\n');
    }
    lines.append("\nSimulated member clusters (inspect any of them with a plain HTTP client):\n");
    for (Sandbox.ClusterView cluster : facts.clusters()) {
      lines.append(
          String.format(
              "  %-16s %-6s %-11s %-16s %s%n",
              cluster.name(),
              cluster.tier(),
              cluster.region(),
              cluster.zone(),
              cluster.apiServer()));
    }
    leftOut(lines, facts.leftOut());
    withoutAgent(lines, facts.withoutAgent());
    Sandbox.ClusterView first = facts.clusters().isEmpty() ? null : facts.clusters().getFirst();
    String failed = first == null ? "onprem-fra" : first.name();
    String zone = first == null ? "eu-central-1a.eu-central" : first.zone() + "." + first.region();
    lines.append("\n1. Run a workload that must stay in the EU:\n");
    lines.append(
        """
          curl -s %1$s/api/v1/namespaces/%2$s/workloads -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
            "metadata": {"name": "%3$s"},
            "spec": {"replicas": 6,
              "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                "spec": {"selector": {"matchLabels": {"app": "%3$s"}},
                  "template": {"metadata": {"labels": {"app": "%3$s"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                      "resources": {"requests": {"cpu": "500m", "memory": "512Mi"}}}]}}}},
              "placement": {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
                "operator": "In", "values": ["eu-central", "eu-west", "eu-north"]}]}}}}'
        """
            .formatted(federation, NAMESPACE, web));
    lines.append("\n2. Watch where it runs and why:\n");
    lines.append(
        """
          watch -n1 "curl -s -H 'Authorization: Bearer $TOKEN' %1$s/api/v1/namespaces/%2$s/workloads/%3$s | jq .status"
          curl -s -H "Authorization: Bearer $TOKEN" %1$s/api/v1/namespaces/%2$s/workloads/%3$s/placement
        """
            .formatted(federation, NAMESPACE, web));
    int step = 3;
    if (dns != null) {
      lines.append("\n").append(step++).append(". Put a Service in front of it and look it up:\n");
      lines.append(
          """
            curl -s %1$s/api/v1/namespaces/%6$s/services -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
              "metadata": {"name": "%7$s"},
              "spec": {"workload": "%7$s", "type": "LoadBalancer", "ports": [{"name": "http", "port": 80}]}}'
            dig @%2$s -p %3$d +short %4$s
            dig @%2$s -p %3$d +noall +answer %5$s
            dig @%2$s -p %3$d +short _http._tcp.%4$s SRV
          """
              .formatted(
                  federation,
                  dns.host(),
                  dns.address().getPort(),
                  dns.name(web, NAMESPACE, ""),
                  dns.name(web, NAMESPACE, zone),
                  NAMESPACE,
                  web));
    }
    lines
        .append("\n")
        .append(step++)
        .append(". Fail a cluster and see the replicas move (recover it with :recover):\n");
    lines.append(
        """
          curl -s -X POST -H "Authorization: Bearer $TOKEN" %1$s/sandbox/clusters/%2$s:fail
        """
            .formatted(facts.sandbox(), failed));
    if (dns != null) {
      lines.append(
          "  After the DNS grace period, the service's names for that cluster fall back one level\n"
              + "  up by CNAME.\n");
    }
    lines
        .append("\n")
        .append(step)
        .append(
            ". Add a cluster while the sandbox runs; it joins, and comes back on every start:\n");
    lines.append(
        """
          curl -s %1$s/sandbox/clusters -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name": "%2$s", "region": "eu-central", "zone": "eu-central-1b", "nodes": 2, "cpuPerNode": "8", "memoryPerNode": "32Gi", "cpuCoreHour": 0.012, "memoryGiBHour": 0.0016}'
        """
            .formatted(facts.sandbox(), facts.examples().cluster()));
    lines.append("==========================================================================\n");
    return lines.toString();
  }

  private static void withoutAgent(StringBuilder lines, List<WithoutAgent> members) {
    if (members.isEmpty()) {
      return;
    }
    lines.append(
        "\nMembers with no agent: registered by hand, no agent ever joined as them, so placement\n"
            + "leaves them out (\"its agent never connected\"). Give one a simulated cluster and its\n"
            + "agent, which join as it and keep what was registered (prices, taints):\n");
    for (WithoutAgent member : members) {
      lines.append("  ").append(member.add()).append('\n');
    }
  }

  private static void leftOut(StringBuilder lines, List<LeftOut> leftOut) {
    if (leftOut.isEmpty()) {
      return;
    }
    lines.append(
        "\nNot started: clusters of an earlier start that --clusters or --config no longer name.\n"
            + "The federation still knows them; their replicas move to other clusters once the\n"
            + "failover grace period is over. Name them again to bring them back, or remove them:\n");
    for (LeftOut cluster : leftOut) {
      lines.append("  ").append(cluster.delete()).append('\n');
      lines.append("    (its objects are kept in ").append(cluster.keptIn()).append(")\n");
    }
  }
}
