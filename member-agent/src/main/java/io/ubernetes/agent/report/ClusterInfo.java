package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.ClusterFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facts about the member cluster: location from configuration, or else the nodes' topology labels
 * (the most common value) and their provider IDs; the Kubernetes version from the API server.
 */
public final class ClusterInfo {
  static final String REGION_LABEL = "topology.kubernetes.io/region";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  private static final Logger log = LoggerFactory.getLogger(ClusterInfo.class);

  private final KubernetesClient client;
  private final String region;
  private final String zone;
  private final String provider;
  private final String tier;
  private final String agentVersion;
  private volatile String kubernetesVersion;

  public ClusterInfo(
      KubernetesClient client,
      String region,
      String zone,
      String provider,
      String tier,
      String agentVersion) {
    this.client = client;
    this.region = region;
    this.zone = zone;
    this.provider = provider;
    this.tier = tier;
    this.agentVersion = agentVersion;
  }

  public String agentVersion() {
    return agentVersion;
  }

  /** Asks the API server for its version; the last known one (or null) when it does not answer. */
  public String kubernetesVersion() {
    try {
      VersionInfo version = client.getKubernetesVersion();
      if (version != null && version.getGitVersion() != null) {
        kubernetesVersion = version.getGitVersion();
      }
    } catch (KubernetesClientException e) {
      log.debug("The API server did not tell its version: {}", e.getMessage());
    }
    return kubernetesVersion;
  }

  public String lastKnownKubernetesVersion() {
    return kubernetesVersion;
  }

  /** What the agent tells the federation when it joins; never fails, unknown facts are null. */
  public ClusterFacts facts() {
    List<Node> nodes = List.of();
    if (region == null || zone == null || provider == null) {
      try {
        nodes = client.nodes().list(new ListOptionsBuilder().withLimit(500L).build()).getItems();
      } catch (KubernetesClientException e) {
        log.warn(
            "Cannot read the cluster's location from its nodes: {}",
            FailureReason.of(e, client.getMasterUrl()));
      }
    }
    return new ClusterFacts(
        region != null ? region : mostCommon(nodes, node -> label(node, REGION_LABEL)),
        zone != null ? zone : mostCommon(nodes, node -> label(node, ZONE_LABEL)),
        provider != null ? provider : mostCommon(nodes, ClusterInfo::providerOf),
        tier,
        kubernetesVersion(),
        agentVersion);
  }

  private static String label(Node node, String key) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  /** {@code aws:///eu-west-1a/i-0abc} is {@code aws}. */
  private static String providerOf(Node node) {
    String id = node.getSpec() == null ? null : node.getSpec().getProviderID();
    int scheme = id == null ? -1 : id.indexOf("://");
    return scheme > 0 ? id.substring(0, scheme) : null;
  }

  private static String mostCommon(List<Node> nodes, Function<Node, String> value) {
    Map<String, Integer> counts = new HashMap<>();
    for (Node node : nodes) {
      String v = value.apply(node);
      if (v != null && !v.isBlank()) {
        counts.merge(v, 1, Integer::sum);
      }
    }
    // The most frequent value; on a tie, the first in alphabetical order.
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      int count = entry.getValue();
      if (count > bestCount || count == bestCount && entry.getKey().compareTo(best) < 0) {
        best = entry.getKey();
        bestCount = count;
      }
    }
    return best;
  }
}
