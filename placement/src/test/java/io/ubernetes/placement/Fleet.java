package io.ubernetes.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.LabelSelector.Operator;
import io.ubernetes.placement.LabelSelector.Requirement;
import io.ubernetes.placement.PlacementSpec.Burst;
import io.ubernetes.placement.PlacementSpec.CostWeights;
import io.ubernetes.placement.PlacementSpec.Coupling;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import io.ubernetes.placement.PlacementSpec.Mode;
import io.ubernetes.placement.PlacementSpec.Preference;
import io.ubernetes.placement.PlacementSpec.Spread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builders for the clusters and workloads of placement tests, with plain defaults: a cluster is
 * ready, untainted, has 8 cores, 32Gi and 110 pods free and costs 1 per core-hour (memory free of
 * charge); a workload in namespace {@code shop} asks for one replica of 500m cpu and no memory.
 */
final class Fleet {
  static final String REGION = "topology.kubernetes.io/region";
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String TIER = Cluster.TIER_LABEL;
  static final long MI = 1024L * 1024;
  static final long GI = 1024 * MI;
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final List<String> EU = List.of("eu-central", "eu-west");

  /** The reason a workload of {@code shop} gives for the clusters outside its fence. */
  static final String FENCED = "not in a cluster set bound to namespace shop";

  private Fleet() {}

  static ClusterBuilder cluster(String name) {
    return new ClusterBuilder(name);
  }

  static WorkloadBuilder workload(String name) {
    return new WorkloadBuilder(new WorkloadKey("shop", name));
  }

  static WorkloadBuilder workload(String namespace, String name) {
    return new WorkloadBuilder(new WorkloadKey(namespace, name));
  }

  static Decision place(Workload workload, Cluster... clusters) {
    return place(workload, Map.of(), clusters);
  }

  static Decision place(
      Workload workload, Map<WorkloadKey, Map<String, Integer>> others, Cluster... clusters) {
    return new PlacementEngine().place(workload, List.of(clusters), others, NOW, Detail.FULL);
  }

  static List<Decision> placeAll(List<Workload> workloads, Cluster... clusters) {
    return new PlacementEngine().placeAll(workloads, List.of(clusters), Map.of(), NOW, Detail.FULL);
  }

  static WorkloadKey key(String name) {
    return new WorkloadKey("shop", name);
  }

  /**
   * The drawn clusters named out of order ({@code c<k>-<position>}), so that ties are broken by
   * name, not position; all else as drawn.
   */
  static List<Cluster> namedOutOfOrder(List<Cluster> drawn) {
    List<Cluster> named = new ArrayList<>();
    for (int i = 0; i < drawn.size(); i++) {
      Cluster c = drawn.get(i);
      named.add(
          new Cluster(
              "c" + ((i * 7) % drawn.size()) + "-" + i,
              c.labels(),
              c.taints(),
              c.unschedulable(),
              c.readiness(),
              c.allocatable(),
              c.allocated(),
              c.price(),
              c.nodes(),
              c.readinessReason()));
    }
    return named;
  }

  /** Asserts that two decisions say the same in every part, the cost to the last bit. */
  static void assertSameDecision(Decision actual, Decision expected) {
    assertThat(actual.workload()).isEqualTo(expected.workload());
    assertThat(actual.outcome()).isEqualTo(expected.outcome());
    assertThat(actual.replicas()).isEqualTo(expected.replicas());
    assertThat(actual.summary()).isEqualTo(expected.summary());
    assertThat(actual.problems()).isEqualTo(expected.problems());
    assertThat(actual.unmetSpread()).isEqualTo(expected.unmetSpread());
    assertThat(actual.quotaReached()).isEqualTo(expected.quotaReached());
    assertThat(actual.scaleBackPendingSince()).isEqualTo(expected.scaleBackPendingSince());
    assertThat(actual.filtered()).isEqualTo(expected.filtered());
    assertThat(actual.verdicts()).isEqualTo(expected.verdicts());
    assertThat(actual.cost()).isEqualTo(expected.cost());
  }

  /** The verdict on one cluster; FULL decisions have one for every cluster. */
  static ClusterVerdict verdict(Decision decision, String cluster) {
    return decision.verdicts().stream()
        .filter(v -> v.cluster().equals(cluster))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no verdict for " + cluster + " in " + decision));
  }

  static final class ClusterBuilder {
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private boolean unschedulable;
    private Readiness readiness = Readiness.READY;
    private long cpu = 8000;
    private long memory = 32 * GI;
    private long pods = 110;
    private Resources allocated = Resources.ZERO;
    private double corePrice = 1;
    private double gibPrice = 0;
    private List<NodeGroup> nodes;
    private String readinessReason;

    private ClusterBuilder(String name) {
      this.name = name;
    }

    ClusterBuilder region(String region) {
      return label(REGION, region);
    }

    ClusterBuilder zone(String zone) {
      return label(ZONE, zone);
    }

    ClusterBuilder tier(String tier) {
      return label(TIER, tier);
    }

    ClusterBuilder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    ClusterBuilder taint(String key, String value, TaintEffect effect) {
      taints.add(new Taint(key, value, effect));
      return this;
    }

    ClusterBuilder unschedulable() {
      unschedulable = true;
      return this;
    }

    ClusterBuilder readiness(Readiness newReadiness) {
      readiness = newReadiness;
      return this;
    }

    ClusterBuilder readiness(Readiness newReadiness, String why) {
      readiness = newReadiness;
      readinessReason = why;
      return this;
    }

    /** {@code count} nodes with this much free each; the first call says that nodes are known. */
    ClusterBuilder nodes(int count, long freeCpuMillis, long freeMemoryBytes, long freePods) {
      if (nodes == null) {
        nodes = new ArrayList<>();
      }
      nodes.add(new NodeGroup(count, new Resources(freeCpuMillis, freeMemoryBytes, freePods)));
      return this;
    }

    /** Nodes are known, and there are none that can take pods. */
    ClusterBuilder noNodes() {
      nodes = new ArrayList<>();
      return this;
    }

    ClusterBuilder cpu(long millis) {
      cpu = millis;
      return this;
    }

    ClusterBuilder memory(long bytes) {
      memory = bytes;
      return this;
    }

    ClusterBuilder pods(long count) {
      pods = count;
      return this;
    }

    ClusterBuilder allocated(long cpuMillis, long memoryBytes, long podCount) {
      allocated = new Resources(cpuMillis, memoryBytes, podCount);
      return this;
    }

    ClusterBuilder price(double perCoreHour) {
      corePrice = perCoreHour;
      return this;
    }

    ClusterBuilder price(double perCoreHour, double perGiBHour) {
      corePrice = perCoreHour;
      gibPrice = perGiBHour;
      return this;
    }

    Cluster build() {
      return new Cluster(
          name,
          labels,
          taints,
          unschedulable,
          readiness,
          new Resources(cpu, memory, pods),
          allocated,
          new Price(corePrice, gibPrice),
          nodes,
          readinessReason);
    }
  }

  static final class WorkloadBuilder {
    private final WorkloadKey key;
    private int replicas = 1;
    private long cpu = 500;
    private long memory = 0;
    private final Map<String, String> matchLabels = new LinkedHashMap<>();
    private final List<Requirement> expressions = new ArrayList<>();
    private final List<Preference> preferences = new ArrayList<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private Mode mode = Mode.DIVIDED;
    private int minPerCluster;
    private int maxPerCluster;
    private int maxClusters;
    private final List<Spread> spread = new ArrayList<>();
    private final List<Coupling> coupling = new ArrayList<>();
    private Burst burst;
    private CostWeights weights;
    private final Map<String, Integer> current = new LinkedHashMap<>();
    private final Map<String, Unschedulable> unschedulable = new LinkedHashMap<>();
    private Instant scaleBackPendingSince;
    private Fence fence;

    private WorkloadBuilder(WorkloadKey key) {
      this.key = key;
    }

    WorkloadBuilder replicas(int count) {
      replicas = count;
      return this;
    }

    WorkloadBuilder cpu(long millis) {
      cpu = millis;
      return this;
    }

    WorkloadBuilder memory(long bytes) {
      memory = bytes;
      return this;
    }

    WorkloadBuilder matchLabel(String key, String value) {
      matchLabels.put(key, value);
      return this;
    }

    WorkloadBuilder require(String key, Operator operator, String... values) {
      expressions.add(new Requirement(key, operator, List.of(values)));
      return this;
    }

    /** Data residency: only clusters in these regions. */
    WorkloadBuilder inRegions(List<String> regions) {
      expressions.add(new Requirement(REGION, Operator.IN, regions));
      return this;
    }

    WorkloadBuilder prefer(int weight, String key, String value) {
      preferences.add(new Preference(weight, new LabelSelector(Map.of(key, value), null)));
      return this;
    }

    WorkloadBuilder tolerate(Toleration toleration) {
      tolerations.add(toleration);
      return this;
    }

    WorkloadBuilder duplicated() {
      mode = Mode.DUPLICATED;
      return this;
    }

    WorkloadBuilder minPerCluster(int count) {
      minPerCluster = count;
      return this;
    }

    WorkloadBuilder maxPerCluster(int count) {
      maxPerCluster = count;
      return this;
    }

    WorkloadBuilder maxClusters(int count) {
      maxClusters = count;
      return this;
    }

    WorkloadBuilder spread(String topologyKey, int minGroups) {
      spread.add(new Spread(topologyKey, minGroups));
      return this;
    }

    WorkloadBuilder couple(String partner, CouplingType type, String topologyKey, int weight) {
      coupling.add(new Coupling(partner, type, topologyKey, weight));
      return this;
    }

    WorkloadBuilder burst(double maxUtilization, Duration scaleBackAfter, String... tiers) {
      burst = new Burst(List.of(tiers), maxUtilization, scaleBackAfter);
      return this;
    }

    WorkloadBuilder weights(CostWeights costWeights) {
      weights = costWeights;
      return this;
    }

    WorkloadBuilder current(String cluster, int count) {
      current.put(cluster, count);
      return this;
    }

    /** Replicas the cluster reports it cannot schedule, since {@code since}. */
    WorkloadBuilder unschedulable(
        String cluster, int count, Instant since, boolean overdue, String reason) {
      unschedulable.put(cluster, new Unschedulable(count, reason, since, overdue));
      return this;
    }

    /** Confined to these clusters, as the cluster sets bound to its namespace are. */
    WorkloadBuilder fence(String... clusters) {
      fence = new Fence(Set.of(clusters), FENCED);
      return this;
    }

    WorkloadBuilder scaleBackPendingSince(Instant since) {
      scaleBackPendingSince = since;
      return this;
    }

    Workload build() {
      PlacementSpec spec =
          new PlacementSpec(
              new LabelSelector(matchLabels, expressions),
              preferences,
              tolerations,
              mode,
              minPerCluster,
              maxPerCluster,
              maxClusters,
              spread,
              coupling,
              burst,
              weights);
      return new Workload(
          key,
          replicas,
          Resources.perReplica(cpu, memory),
          spec,
          current,
          scaleBackPendingSince,
          unschedulable,
          fence);
    }
  }
}
