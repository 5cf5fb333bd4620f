package io.ubernetes.sandbox.cluster;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a simulated member cluster is: its name and location, its identical nodes, the address
 * ranges its pods and load balancers take addresses from, how long a scheduled pod takes to become
 * ready, and optionally its prices. Invalid values are rejected with the field and the rule ({@link
 * InvalidDefinitionException}).
 *
 * @param name a DNS-1123 label; the federation knows the cluster by it
 * @param region the nodes' {@code topology.kubernetes.io/region} label
 * @param zone the nodes' {@code topology.kubernetes.io/zone} label
 * @param provider the scheme of the nodes' {@code spec.providerID}, such as {@code aws}
 * @param tier what the agent reports as the cluster's tier, such as {@code onprem} or {@code cloud}
 * @param nodes how many nodes, named {@code node-1} to {@code node-<nodes>}
 * @param cpuPerNode each node's allocatable CPU, a Kubernetes quantity such as {@code 16}
 * @param memoryPerNode each node's allocatable memory, a Kubernetes quantity such as {@code 64Gi}
 * @param podsPerNode how many pods each node takes
 * @param podCidr an IPv4 range such as {@code 10.12.0.0/16}: pod IPs and endpoint addresses
 * @param loadBalancerCidr an IPv4 range such as {@code 203.0.113.0/24}: LoadBalancer ingress IPs
 * @param startDelay how long a scheduled pod takes to become ready (and a Job's pod to finish)
 * @param cpuCoreHour price of a core-hour, or null when unpriced
 * @param memoryGiBHour price of a GiB-hour, or null when unpriced
 * @param labels labels the sandbox gives the federation's MemberCluster besides those it derives
 *     from the location, such as {@code ubernetes.io/rollout-ring: canary}; none when null
 */
public record ClusterDefinition(
    String name,
    String region,
    String zone,
    String provider,
    String tier,
    int nodes,
    String cpuPerNode,
    String memoryPerNode,
    int podsPerNode,
    String podCidr,
    String loadBalancerCidr,
    Duration startDelay,
    Double cpuCoreHour,
    Double memoryGiBHour,
    Map<String, String> labels) {

  static final int MAX_NODES = 5_000;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public ClusterDefinition {
    if (name == null || name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      throw invalid("name", "must be a DNS-1123 label", name);
    }
    requireLabelValue("region", region);
    requireLabelValue("zone", zone);
    if (provider == null || !SCHEME.matcher(provider).matches()) {
      throw invalid(
          "provider", "must be a URI scheme such as \"aws\" (it starts spec.providerID)", provider);
    }
    if (tier == null || tier.isBlank()) {
      throw invalid("tier", "required", tier);
    }
    if (nodes < 1 || nodes > MAX_NODES) {
      throw invalid("nodes", "must be between 1 and " + MAX_NODES, nodes);
    }
    requireCapacity(cpuPerNode, memoryPerNode, podsPerNode);
    requireRange("podCidr", podCidr);
    requireRange("loadBalancerCidr", loadBalancerCidr);
    if (startDelay == null || startDelay.isNegative()) {
      throw invalid("startDelay", "must be zero or positive", startDelay);
    }
    requirePrice("cpuCoreHour", cpuCoreHour);
    requirePrice("memoryGiBHour", memoryGiBHour);
    if (labels == null) {
      labels = Map.of();
    }
    labels.forEach(ClusterDefinition::requireLabel);
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** A cluster with no labels of its own. */
  public ClusterDefinition(
      String name,
      String region,
      String zone,
      String provider,
      String tier,
      int nodes,
      String cpuPerNode,
      String memoryPerNode,
      int podsPerNode,
      String podCidr,
      String loadBalancerCidr,
      Duration startDelay,
      Double cpuCoreHour,
      Double memoryGiBHour) {
    this(
        name,
        region,
        zone,
        provider,
        tier,
        nodes,
        cpuPerNode,
        memoryPerNode,
        podsPerNode,
        podCidr,
        loadBalancerCidr,
        startDelay,
        cpuCoreHour,
        memoryGiBHour,
        Map.of());
  }

  /** The same cluster with other nodes: what {@link SimulatedCluster#setCapacity} changes. */
  public ClusterDefinition withCapacity(String cpu, String memory, int pods) {
    return new ClusterDefinition(
        name,
        region,
        zone,
        provider,
        tier,
        nodes,
        cpu,
        memory,
        pods,
        podCidr,
        loadBalancerCidr,
        startDelay,
        cpuCoreHour,
        memoryGiBHour,
        labels);
  }

  /** The same cluster with other address ranges, such as those it had when it last ran. */
  public ClusterDefinition withRanges(String pods, String loadBalancers) {
    return new ClusterDefinition(
        name,
        region,
        zone,
        provider,
        tier,
        nodes,
        cpuPerNode,
        memoryPerNode,
        podsPerNode,
        pods,
        loadBalancers,
        startDelay,
        cpuCoreHour,
        memoryGiBHour,
        labels);
  }

  /** The same cluster with these labels of its own. */
  public ClusterDefinition withLabels(Map<String, String> newLabels) {
    return new ClusterDefinition(
        name,
        region,
        zone,
        provider,
        tier,
        nodes,
        cpuPerNode,
        memoryPerNode,
        podsPerNode,
        podCidr,
        loadBalancerCidr,
        startDelay,
        cpuCoreHour,
        memoryGiBHour,
        newLabels);
  }

  private static void requireCapacity(String cpu, String memory, int pods) {
    if (!positiveQuantity(cpu, true)) {
      throw invalid("cpuPerNode", "must be a positive quantity such as \"16\" or \"7500m\"", cpu);
    }
    if (!positiveQuantity(memory, false)) {
      throw invalid("memoryPerNode", "must be a positive quantity such as \"64Gi\"", memory);
    }
    if (pods < 1) {
      throw invalid("podsPerNode", "must be at least 1", pods);
    }
  }

  private static boolean positiveQuantity(String value, boolean cpu) {
    try {
      return value != null && (cpu ? Resources.milliCpu(value) : Resources.bytes(value)) > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void requireLabelValue(String field, String value) {
    if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
      throw invalid(field, "must be a Kubernetes label value such as \"eu-west-1a\"", value);
    }
  }

  /** A Kubernetes label: {@code [prefix/]name} and a value, which may be empty. */
  private static void requireLabel(String key, String value) {
    String field = "labels[" + key + "]";
    int slash = key == null ? -1 : key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    boolean prefixOk =
        prefix == null || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches();
    if (name == null || !prefixOk || name.length() > 63 || !LABEL_VALUE.matcher(name).matches()) {
      throw invalid(field, "must be a label key such as \"ubernetes.io/rollout-ring\"", key);
    }
    if (value == null
        || value.length() > 63
        || !value.isEmpty() && !LABEL_VALUE.matcher(value).matches()) {
      throw invalid(field, "must be a label value such as \"canary\"", value);
    }
  }

  private static void requireRange(String field, String cidr) {
    try {
      AddressPool.of(cidr);
    } catch (IllegalArgumentException e) {
      throw invalid(field, e.getMessage(), cidr);
    }
  }

  private static void requirePrice(String field, Double price) {
    if (price != null && (price.isNaN() || price.isInfinite() || price < 0)) {
      throw invalid(field, "must be zero or positive when given", price);
    }
  }

  private static InvalidDefinitionException invalid(String field, String rule, Object value) {
    return new InvalidDefinitionException(
        field, rule + ", got " + (value instanceof String ? "\"" + value + "\"" : value));
  }
}
