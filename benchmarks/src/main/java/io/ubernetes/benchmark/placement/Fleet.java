package io.ubernetes.benchmark.placement;

import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.LabelSelector;
import io.ubernetes.placement.LabelSelector.Operator;
import io.ubernetes.placement.LabelSelector.Requirement;
import io.ubernetes.placement.NodeGroup;
import io.ubernetes.placement.PlacementSpec;
import io.ubernetes.placement.PlacementSpec.Mode;
import io.ubernetes.placement.PlacementSpec.Preference;
import io.ubernetes.placement.PlacementSpec.Spread;
import io.ubernetes.placement.Price;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Taint;
import io.ubernetes.placement.TaintEffect;
import io.ubernetes.placement.Toleration;
import io.ubernetes.placement.Workload;
import io.ubernetes.placement.WorkloadKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic member-cluster fleets and workloads for the placement benchmarks: the same seed
 * gives the same fleet, so that runs compare.
 *
 * <p>A fleet spreads its clusters at random over 5 regions of 3 zones each. 40% are {@code onprem}
 * (cheaper), 60% {@code cloud}; 60% are {@code production}, the rest {@code staging}. Each has 3 to
 * 100 nodes of 16, 32 or 64 cores with 4 GiB per core and 110 pods, 20% to 85% in use. Prices vary
 * by tier and region. A few clusters carry taints: 2% {@code maintenance:NoSchedule}, 1% {@code
 * decommissioning:NoExecute}, 5% of cloud clusters {@code spot:PreferNoSchedule}; 1% are not ready
 * and 0.5% failed.
 */
final class Fleet {
  /** Every fleet and batch comes from this seed. */
  static final long SEED = 20_261_122L;

  /** Time is an argument of the engine; a fixed one keeps the runs identical. */
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  static final String REGION = "topology.kubernetes.io/region";
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String ENVIRONMENT = "ubernetes.io/environment";

  static final List<String> REGIONS =
      List.of("us-east", "us-west", "eu-west", "eu-central", "ap-southeast");

  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  private Fleet() {}

  /** {@code count} clusters, named {@code <zone>-<number>}. */
  static List<Cluster> clusters(int count) {
    Random random = new Random(SEED);
    List<Cluster> clusters = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      int regionIndex = random.nextInt(REGIONS.size());
      String region = REGIONS.get(regionIndex);
      String zone = region + "-1" + (char) ('a' + random.nextInt(3));
      boolean onprem = random.nextDouble() < 0.4;
      String environment = random.nextDouble() < 0.6 ? "production" : "staging";

      int nodes = 3 + random.nextInt(98);
      int coresPerNode = 16 << random.nextInt(3);
      Resources allocatable =
          new Resources(
              nodes * coresPerNode * 1000L, nodes * coresPerNode * 4L * GIB, nodes * 110L);
      double busy = 0.2 + 0.65 * random.nextDouble();
      Resources allocated =
          new Resources(
              (long) (allocatable.cpuMillis() * busy),
              (long) (allocatable.memoryBytes() * busy * (0.8 + 0.3 * random.nextDouble())),
              (long) (allocatable.pods() * busy * 0.5));

      double regionFactor = 1 + 0.05 * regionIndex;
      Price price =
          onprem
              ? new Price(
                  0.020 * regionFactor * (0.9 + 0.2 * random.nextDouble()),
                  0.0025 * regionFactor * (0.9 + 0.2 * random.nextDouble()))
              : new Price(
                  0.040 * regionFactor * (0.85 + 0.3 * random.nextDouble()),
                  0.0050 * regionFactor * (0.85 + 0.3 * random.nextDouble()));

      List<Taint> taints = new ArrayList<>();
      double taint = random.nextDouble();
      if (taint < 0.02) {
        taints.add(new Taint("maintenance", "true", TaintEffect.NO_SCHEDULE));
      } else if (taint < 0.03) {
        taints.add(new Taint("decommissioning", "true", TaintEffect.NO_EXECUTE));
      }
      if (!onprem && random.nextDouble() < 0.05) {
        taints.add(new Taint("spot", "true", TaintEffect.PREFER_NO_SCHEDULE));
      }
      double health = random.nextDouble();
      Readiness readiness =
          health < 0.005
              ? Readiness.FAILED
              : health < 0.015 ? Readiness.NOT_READY : Readiness.READY;

      clusters.add(
          new Cluster(
              String.format("%s-%05d", zone, n),
              Map.of(
                  REGION,
                  region,
                  ZONE,
                  zone,
                  Cluster.TIER_LABEL,
                  onprem ? "onprem" : "cloud",
                  ENVIRONMENT,
                  environment),
              taints,
              false,
              readiness,
              allocatable,
              allocated,
              price,
              nodes(nodes, coresPerNode, busy),
              null));
    }
    return List.copyOf(clusters);
  }

  /**
   * The nodes as an agent reports them: four grades of fill around the cluster's average, so that
   * placement checks replicas node by node as it does for real clusters.
   */
  private static List<NodeGroup> nodes(int nodes, int coresPerNode, double busy) {
    List<NodeGroup> groups = new ArrayList<>();
    double[] fill = {0.4, 0.8, 1.2, 1.6};
    for (int g = 0; g < fill.length; g++) {
      int count = nodes / fill.length + (g == 0 ? nodes % fill.length : 0);
      double free = Math.max(0, Math.min(1, 1 - busy * fill[g]));
      groups.add(
          new NodeGroup(
              count,
              new Resources(
                  (long) (coresPerNode * 1000L * free),
                  (long) (coresPerNode * 4L * GIB * free),
                  (long) (110 * free))));
    }
    return groups;
  }

  /** Production clusters outside ap-southeast: about half of a fleet (0.6 x 0.8). */
  static LabelSelector productionOutsideAsia() {
    return new LabelSelector(
        Map.of(ENVIRONMENT, "production"),
        List.of(new Requirement(REGION, Operator.NOT_IN, List.of("ap-southeast"))));
  }

  /**
   * The web front end of the decision benchmarks: production clusters outside ap-southeast,
   * preferring on-premises ones, over at least 3 zones, tolerating spot clusters' taint.
   */
  static PlacementSpec webSpec() {
    return new PlacementSpec(
        productionOutsideAsia(),
        List.of(new Preference(30, new LabelSelector(Map.of(Cluster.TIER_LABEL, "onprem"), null))),
        List.of(spotToleration()),
        Mode.DIVIDED,
        0,
        0,
        0,
        List.of(new Spread(ZONE, 3)),
        null,
        null,
        null);
  }

  /** 100 replicas of 500m cpu and 1 GiB, divided, running nowhere yet. */
  static Workload web() {
    return Workload.of(
        new WorkloadKey("shop", "web"), 100, Resources.perReplica(500, GIB), webSpec());
  }

  static Toleration spotToleration() {
    return new Toleration("spot", Toleration.Operator.EXISTS, null, TaintEffect.PREFER_NO_SCHEDULE);
  }

  /** Per-replica requests a batch draws from. */
  static final List<Resources> SHAPES =
      List.of(
          Resources.perReplica(100, 128 * MIB),
          Resources.perReplica(250, 512 * MIB),
          Resources.perReplica(500, GIB),
          Resources.perReplica(1000, 2 * GIB),
          Resources.perReplica(2000, 4 * GIB));

  /** How many of {@code clusters} {@code selector} selects. */
  static long selected(List<Cluster> clusters, LabelSelector selector) {
    return clusters.stream().filter(c -> selector.matches(c.labels())).count();
  }
}
