package io.ubernetes.sandbox;

import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.InvalidDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The simulated clusters a sandbox runs: the default four, a generated fleet, or a YAML file. */
final class ClusterFleet {
  static final Duration DEFAULT_START_DELAY = Duration.ofSeconds(2);

  /** The label of a staged rollout's first stage, as the README's example strategy selects it. */
  static final String ROLLOUT_RING = "ubernetes.io/rollout-ring";

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private ClusterFleet() {}

  /**
   * {@code onprem-fra} (on-prem in eu-central, cheapest, small), {@code aws-eu-west}, {@code
   * gcp-eu-north} and {@code aws-us-east} (cloud). {@code gcp-eu-north} is the canary of staged
   * rollouts ({@value #ROLLOUT_RING}{@code : canary}): a cloud cluster in the EU, so that a rollout
   * that starts there goes on to the rest of the EU, then to the rest.
   */
  static List<ClusterDefinition> defaults(Duration startDelay) {
    return List.of(
        cluster(0, "onprem-fra", "eu-central", "eu-central-1a", "onprem", "onprem", 2, "8", "32Gi")
            .priced(0.010, 0.0013)
            .build(startDelay),
        cluster(1, "aws-eu-west", "eu-west", "eu-west-1a", "aws", "cloud", 4, "16", "64Gi")
            .priced(0.034, 0.0045)
            .build(startDelay),
        cluster(2, "gcp-eu-north", "eu-north", "europe-north1-a", "gcp", "cloud", 4, "16", "64Gi")
            .priced(0.031, 0.0042)
            .labelled(Map.of(ROLLOUT_RING, "canary"))
            .build(startDelay),
        cluster(3, "aws-us-east", "us-east", "us-east-1a", "aws", "cloud", 4, "16", "64Gi")
            .priced(0.029, 0.0039)
            .build(startDelay));
  }

  /**
   * {@code count} clusters over six regions of three zones; every fourth on-prem (cheaper), the
   * rest in three clouds. The same count gives the same fleet.
   */
  static List<ClusterDefinition> generated(int count, Duration startDelay) {
    if (count < 1 || count > 2_000) {
      throw new IllegalArgumentException("clusters must be between 1 and 2000, got " + count);
    }
    String[] regions = {"eu-central", "eu-west", "eu-north", "us-east", "us-west", "ap-south"};
    String[] clouds = {"aws", "gcp", "azure"};
    List<ClusterDefinition> fleet = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String region = regions[i % regions.length];
      String zone = region + "-" + (char) ('a' + (i / regions.length) % 3);
      boolean onprem = i % 4 == 0;
      String provider = onprem ? "onprem" : clouds[i % clouds.length];
      String name = String.format(Locale.ROOT, "%s-%s-%03d", provider, region, i);
      fleet.add(
          cluster(i, name, region, zone, provider, onprem ? "onprem" : "cloud", 3, "16", "64Gi")
              .priced(onprem ? 0.011 : 0.030 + 0.001 * (i % 5), onprem ? 0.0014 : 0.0040)
              .build(startDelay));
    }
    return fleet;
  }

  /** Clusters from a YAML file: {@code clusters: [{name, region, zone, provider, tier, ...}]}. */
  static List<ClusterDefinition> fromFile(Path file, Duration startDelay) {
    Document document;
    try {
      document = YAML.readValue(Files.readString(file), Document.class);
    } catch (IOException | JacksonException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (document == null || document.clusters() == null || document.clusters().isEmpty()) {
      throw new IllegalArgumentException(file + " lists no clusters (expected clusters: [...])");
    }
    List<ClusterDefinition> fleet = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < document.clusters().size(); i++) {
      Entry entry = document.clusters().get(i);
      String at = "clusters[" + i + "]";
      if (entry.name() == null || !names.add(entry.name())) {
        throw new IllegalArgumentException(at + ".name: required and unique");
      }
      try {
        fleet.add(definition(entry, i, startDelay));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "." + e.getMessage(), e);
      }
    }
    return fleet;
  }

  /**
   * One entry as the YAML file or the control API gives it, with the address ranges of position
   * {@code index}.
   *
   * @throws InvalidDefinitionException naming the field
   */
  static ClusterDefinition definition(Entry entry, int index, Duration startDelay) {
    if (entry.name() == null || entry.name().isBlank()) {
      throw new InvalidDefinitionException("name", "required");
    }
    Duration delay;
    try {
      delay =
          entry.startDelay() == null
              ? startDelay
              : DurationStyle.detectAndParse(entry.startDelay());
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(
          "startDelay",
          "must be a duration such as 2s or 500ms, got \"" + entry.startDelay() + "\"");
    }
    return cluster(
            index,
            entry.name(),
            or(entry.region(), "local"),
            or(entry.zone(), or(entry.region(), "local") + "-a"),
            or(entry.provider(), "onprem"),
            or(entry.tier(), "onprem"),
            entry.nodes() == null ? 3 : entry.nodes(),
            or(entry.cpuPerNode(), "16"),
            or(entry.memoryPerNode(), "64Gi"))
        .pods(entry.podsPerNode() == null ? 110 : entry.podsPerNode())
        .priced(entry.cpuCoreHour(), entry.memoryGiBHour())
        .labelled(entry.labels())
        .build(delay);
  }

  /**
   * One entry in YAML or JSON, as strictly as the file: unknown fields are refused.
   *
   * @throws JacksonException naming what cannot be read
   */
  static Entry entry(String text) {
    Entry entry = YAML.readValue(text, Entry.class);
    if (entry == null) {
      throw new InvalidDefinitionException("name", "required");
    }
    return entry;
  }

  /**
   * The address ranges of the cluster at position {@code index}: {@code 10.<n>.0.0/20} for pods and
   * {@code 198.18-19.<n>.0/24} for load balancers, so that no two positions overlap.
   */
  static Ranges ranges(int index) {
    return new Ranges(
        "10." + (index % 250 + 1) + "." + (index / 250) * 16 + ".0/20",
        "198." + (18 + index / 256) + "." + index % 256 + ".0/24");
  }

  /** A cluster's pod and load balancer ranges. */
  record Ranges(String podCidr, String loadBalancerCidr) {
    static Ranges of(ClusterDefinition definition) {
      return new Ranges(definition.podCidr(), definition.loadBalancerCidr());
    }

    ClusterDefinition applyTo(ClusterDefinition definition) {
      return definition.withRanges(podCidr, loadBalancerCidr);
    }
  }

  /** The YAML document. */
  record Document(List<Entry> clusters) {}

  /**
   * One cluster in the YAML document; everything but the name has a default. {@code labels} go to
   * its MemberCluster, beside those the federation derives from its location.
   */
  record Entry(
      String name,
      String region,
      String zone,
      String provider,
      String tier,
      Integer nodes,
      String cpuPerNode,
      String memoryPerNode,
      Integer podsPerNode,
      String startDelay,
      Double cpuCoreHour,
      Double memoryGiBHour,
      Map<String, String> labels) {}

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static Builder cluster(
      int index,
      String name,
      String region,
      String zone,
      String provider,
      String tier,
      int nodes,
      String cpu,
      String memory) {
    return new Builder(index, name, region, zone, provider, tier, nodes, cpu, memory);
  }

  /** Fills in what every definition needs: address ranges of its own, pods per node, prices. */
  private static final class Builder {
    private final int index;
    private final String name;
    private final String region;
    private final String zone;
    private final String provider;
    private final String tier;
    private final int nodes;
    private final String cpu;
    private final String memory;
    private int pods = 110;
    private Double cpuCoreHour;
    private Double memoryGiBHour;
    private Map<String, String> labels = Map.of();

    Builder(
        int index,
        String name,
        String region,
        String zone,
        String provider,
        String tier,
        int nodes,
        String cpu,
        String memory) {
      this.index = index;
      this.name = name;
      this.region = region;
      this.zone = zone;
      this.provider = provider;
      this.tier = tier;
      this.nodes = nodes;
      this.cpu = cpu;
      this.memory = memory;
    }

    Builder pods(int perNode) {
      this.pods = perNode;
      return this;
    }

    Builder priced(Double perCore, Double perGiB) {
      this.cpuCoreHour = perCore;
      this.memoryGiBHour = perGiB;
      return this;
    }

    Builder labelled(Map<String, String> own) {
      this.labels = own;
      return this;
    }

    ClusterDefinition build(Duration startDelay) {
      Ranges ranges = ranges(index);
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
          ranges.podCidr(),
          ranges.loadBalancerCidr(),
          startDelay,
          cpuCoreHour,
          memoryGiBHour,
          labels);
    }
  }
}
