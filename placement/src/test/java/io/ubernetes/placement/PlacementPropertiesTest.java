package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.MI;
import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.REGION;
import static io.ubernetes.placement.Fleet.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Properties over random fleets of 1 to 6 clusters (random capacity, usage, prices, labels, taints
 * and readiness) and random workloads. Every fleet starts within its allocatable resources, its
 * allocated resources including the current replicas of the workloads placed on it.
 */
class PlacementPropertiesTest {
  private static final List<String> REGIONS = List.of("eu-central", "eu-west", "us-east");
  private static final List<String> TIERS = List.of("onprem", "cloud", "edge");
  private static final PlacementEngine ENGINE = new PlacementEngine();

  /** A cluster before it is named and before the current replicas are added to its usage. */
  record Shape(
      Map<String, String> labels,
      Resources allocatable,
      int usedPercent,
      Price price,
      List<Taint> taints,
      Readiness readiness,
      boolean unschedulable) {

    Cluster toCluster(String name, Resources running) {
      Resources base =
          new Resources(
              allocatable.cpuMillis() * usedPercent / 100,
              allocatable.memoryBytes() * usedPercent / 100,
              allocatable.pods() * usedPercent / 100);
      Resources allocated =
          new Resources(
              base.cpuMillis() + running.cpuMillis(),
              base.memoryBytes() + running.memoryBytes(),
              base.pods() + running.pods());
      // Running replicas are real: the cluster's allocatable covers them.
      Resources room =
          new Resources(
              Math.max(allocatable.cpuMillis(), allocated.cpuMillis()),
              Math.max(allocatable.memoryBytes(), allocated.memoryBytes()),
              Math.max(allocatable.pods(), allocated.pods()));
      return new Cluster(
          name, labels, taints, unschedulable, readiness, room, allocated, price, null, null);
    }
  }

  /** A workload before it is named and given current replicas. */
  record Shaped(int replicas, Resources perReplica, PlacementSpec spec) {}

  // ---------------------------------------------------------------------------------------------
  // Generators

  private static Arbitrary<Map<String, String>> labels() {
    return Combinators.combine(
            Arbitraries.of(REGIONS), Arbitraries.of("a", "b"), Arbitraries.of(TIERS))
        .as(
            (region, zone, tier) ->
                Map.of(REGION, region, ZONE, region + "-" + zone, Cluster.TIER_LABEL, tier));
  }

  private static Arbitrary<Resources> allocatable() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 16).map(cores -> cores * 1000),
            Arbitraries.longs().between(0, 32).map(gib -> gib * GI),
            Arbitraries.longs().between(0, 30))
        .as(Resources::new);
  }

  private static Arbitrary<Price> prices() {
    return Combinators.combine(
            Arbitraries.doubles().between(0, 5).ofScale(2),
            Arbitraries.doubles().between(0, 1).ofScale(2))
        .as(Price::new);
  }

  private static Arbitrary<List<Taint>> taints() {
    return Arbitraries.of(TaintEffect.class)
        .injectNull(0.6)
        .map(effect -> effect == null ? List.of() : List.of(new Taint("dedicated", "x", effect)));
  }

  private static Arbitrary<Shape> shapes(boolean plain) {
    Arbitrary<List<Taint>> taints =
        plain
            ? Arbitraries.just(List.of(new Taint("soft", "", TaintEffect.PREFER_NO_SCHEDULE)))
                .injectNull(0.7)
                .map(t -> t == null ? List.of() : t)
            : taints();
    Arbitrary<Readiness> readiness =
        plain
            ? Arbitraries.just(Readiness.READY)
            : Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Readiness.READY)),
                Tuple.of(1, Arbitraries.just(Readiness.NOT_READY)),
                Tuple.of(1, Arbitraries.just(Readiness.FAILED)));
    Arbitrary<Boolean> unschedulable =
        plain
            ? Arbitraries.just(false)
            : Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
    return Combinators.combine(
            labels(),
            allocatable(),
            Arbitraries.integers().between(0, 100),
            prices(),
            taints,
            readiness,
            unschedulable)
        .as(Shape::new);
  }

  private static Arbitrary<List<Shape>> fleetShapes(boolean plain, int maxClusters) {
    return shapes(plain).list().ofMinSize(1).ofMaxSize(maxClusters);
  }

  private static Arbitrary<Resources> perReplica() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 20).map(tenths -> tenths * 100),
            Arbitraries.longs().between(0, 16).map(quarters -> quarters * 256 * MI))
        .as(Resources::perReplica);
  }

  private static Arbitrary<CostWeights> weights() {
    Arbitrary<Double> weight = Arbitraries.of(0.0, 0.5, 1.0, 1.0, 2.0);
    return Combinators.combine(weight, weight, weight, weight, weight).as(CostWeights::new);
  }

  private static Arbitrary<List<Preference>> preferences() {
    Arbitrary<Preference> preference =
        Combinators.combine(
                Arbitraries.integers().between(1, 100),
                Arbitraries.of(REGION, Cluster.TIER_LABEL),
                Arbitraries.of("eu-central", "us-east", "onprem", "cloud"))
            .as((w, key, value) -> new Preference(w, new LabelSelector(Map.of(key, value), null)));
    return preference.list().ofMaxSize(2);
  }

  private static Arbitrary<Burst> bursts(boolean immediateScaleBack) {
    Arbitrary<Duration> after =
        immediateScaleBack
            ? Arbitraries.just(Duration.ZERO)
            : Arbitraries.of(Duration.ZERO, Duration.ofMinutes(10));
    return Combinators.combine(
            Arbitraries.shuffle(TIERS).map(tiers -> tiers.subList(0, 2)),
            Arbitraries.of(0.5, 0.8, 1.0),
            after)
        .as(Burst::new)
        .injectNull(0.5);
  }

  private static Arbitrary<LabelSelector> selectors() {
    Arbitrary<Requirement> requirement =
        Combinators.combine(
                Arbitraries.of(Operator.class),
                Arbitraries.of(REGION, Cluster.TIER_LABEL, "gpu"),
                Arbitraries.subsetOf("eu-central", "eu-west", "onprem", "cloud").ofMinSize(1))
            .as((op, key, values) -> new Requirement(key, op, List.copyOf(values)));
    return requirement.list().ofMaxSize(2).map(list -> new LabelSelector(null, list));
  }

  private static Arbitrary<List<Toleration>> tolerations() {
    return Arbitraries.of(
        List.of(),
        List.of(new Toleration("dedicated", Toleration.Operator.EXISTS, null, null)),
        List.of(new Toleration(null, Toleration.Operator.EXISTS, null, TaintEffect.NO_SCHEDULE)));
  }

  private static Arbitrary<List<Spread>> spreads() {
    return Combinators.combine(Arbitraries.of(REGION, ZONE), Arbitraries.integers().between(1, 4))
        .as(Spread::new)
        .list()
        .ofMaxSize(1);
  }

  /** Any workload: every rule of the spec may be set. */
  private static Arbitrary<Shaped> anyWorkload() {
    Arbitrary<int[]> bounds =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 3))
            .as(
                (min, max, clusters) ->
                    new int[] {max > 0 ? Math.min(min, max) : min, max, clusters});
    Arbitrary<PlacementSpec> spec =
        Combinators.combine(
                selectors(),
                preferences(),
                tolerations(),
                Arbitraries.of(Mode.class),
                bounds,
                spreads(),
                bursts(false),
                weights())
            .as(
                (selector, prefs, tols, mode, b, spread, burst, w) ->
                    new PlacementSpec(
                        selector, prefs, tols, mode, b[0], b[1], b[2], spread, null, burst, w));
    return Combinators.combine(Arbitraries.integers().between(0, 30), perReplica(), spec)
        .as(Shaped::new);
  }

  /**
   * A workload that nothing but capacity limits, or, with {@code optimal}, one whose greedy
   * allocation the README says is optimal: no spread, minReplicasPerCluster or maxClusters.
   */
  private static Arbitrary<Shaped> costOnlyWorkload(int maxReplicas, boolean withBurst) {
    Arbitrary<PlacementSpec> spec =
        Combinators.combine(
                preferences(),
                tolerations(),
                bursts(true).filter(b -> withBurst || b == null),
                weights())
            .as(
                (prefs, tols, burst, w) ->
                    new PlacementSpec(
                        null, prefs, tols, Mode.DIVIDED, 0, 0, 0, null, null, burst, w));
    return Combinators.combine(Arbitraries.integers().between(0, maxReplicas), perReplica(), spec)
        .as(Shaped::new);
  }

  private static List<Cluster> clusters(List<Shape> shapes, Map<String, Resources> running) {
    List<Cluster> clusters = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      String name = "c" + i;
      clusters.add(shapes.get(i).toCluster(name, running.getOrDefault(name, Resources.ZERO)));
    }
    return clusters;
  }

  private static Workload workload(String name, Shaped shaped, Map<String, Integer> current) {
    return new Workload(
        new WorkloadKey("shop", name),
        shaped.replicas(),
        shaped.perReplica(),
        shaped.spec(),
        current,
        null,
        Map.of());
  }

  private static Resources times(Resources unit, long count) {
    return new Resources(unit.cpuMillis() * count, unit.memoryBytes() * count, unit.pods() * count);
  }

  private static Map<String, Integer> currentOf(List<Integer> counts, int clusters) {
    Map<String, Integer> current = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(counts.size(), clusters); i++) {
      if (counts.get(i) > 0) {
        current.put("c" + i, counts.get(i));
      }
    }
    return current;
  }

  /** Replicas of {@code unit} that fit in what is free on a cluster. */
  private static long fits(Cluster cluster, Resources unit) {
    Resources free =
        new Resources(
            Math.max(0, cluster.allocatable().cpuMillis() - cluster.allocated().cpuMillis()),
            Math.max(0, cluster.allocatable().memoryBytes() - cluster.allocated().memoryBytes()),
            Math.max(0, cluster.allocatable().pods() - cluster.allocated().pods()));
    return free.fits(unit);
  }

  private static void assertWithinAllocatable(Cluster cluster, Resources used) {
    assertThat(used.cpuMillis())
        .as("cpu on %s", cluster.name())
        .isLessThanOrEqualTo(cluster.allocatable().cpuMillis());
    assertThat(used.memoryBytes())
        .as("memory on %s", cluster.name())
        .isLessThanOrEqualTo(cluster.allocatable().memoryBytes());
    assertThat(used.pods())
        .as("pods on %s", cluster.name())
        .isLessThanOrEqualTo(cluster.allocatable().pods());
  }

  // ---------------------------------------------------------------------------------------------
  // (a) Conservation

  @Property
  void neverPlacesMoreThanRequestedNorMoreThanAClusterHolds(
      @ForAll("anyFleet") List<Shape> shapes, @ForAll("anyWorkloads") Shaped shaped) {
    List<Cluster> clusters = clusters(shapes, Map.of());
    Workload workload = workload("web", shaped, Map.of());

    Decision decision = ENGINE.place(workload, clusters, Map.of(), NOW, Detail.BRIEF);

    if (shaped.spec().mode() == Mode.DIVIDED) {
      assertThat(decision.placedReplicas()).isLessThanOrEqualTo(shaped.replicas());
    } else {
      assertThat(decision.replicas().values()).allMatch(given -> given == shaped.replicas());
    }
    for (Cluster cluster : clusters) {
      int given = decision.replicas().getOrDefault(cluster.name(), 0);
      Resources taken = times(workload.perReplica(), given);
      assertWithinAllocatable(
          cluster,
          new Resources(
              cluster.allocated().cpuMillis() + taken.cpuMillis(),
              cluster.allocated().memoryBytes() + taken.memoryBytes(),
              cluster.allocated().pods() + taken.pods()));
      if (shaped.spec().maxReplicasPerCluster() > 0) {
        assertThat(given).isLessThanOrEqualTo(shaped.spec().maxReplicasPerCluster());
      }
      if (given > 0) {
        assertThat(decision.filtered().values()).noneMatch(names -> names.contains(cluster.name()));
      }
    }
  }

  @Property
  void placesAllThatFitsWhenNothingButCapacityLimits(
      @ForAll("plainFleet") List<Shape> shapes, @ForAll("costOnlyWorkloads") Shaped shaped) {
    List<Cluster> clusters = clusters(shapes, Map.of());
    Workload workload = workload("web", shaped, Map.of());
    long capacity = 0;
    for (Cluster cluster : clusters) {
      capacity += Math.min(fits(cluster, workload.perReplica()), Integer.MAX_VALUE);
    }

    Decision decision = ENGINE.place(workload, clusters, Map.of(), NOW, Detail.BRIEF);

    assertThat((long) decision.placedReplicas()).isEqualTo(Math.min(shaped.replicas(), capacity));
    for (Cluster cluster : clusters) {
      assertThat((long) decision.replicas().getOrDefault(cluster.name(), 0))
          .isLessThanOrEqualTo(fits(cluster, workload.perReplica()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (b) Optimality of the greedy Divided allocation

  @Property(tries = 500)
  void greedyDividedAllocationCostsNoMoreThanTheBestAllocation(
      @ForAll("smallFleet") List<Shape> shapes,
      @ForAll("smallWorkloads") Shaped shaped,
      @ForAll("currentCounts") List<Integer> counts) {
    Map<String, Integer> current = currentOf(counts, shapes.size());
    Map<String, Resources> running = new HashMap<>();
    current.forEach((name, n) -> running.put(name, times(shaped.perReplica(), n)));
    List<Cluster> clusters = clusters(shapes, running);
    Workload workload = workload("web", shaped, current);

    Decision decision = ENGINE.place(workload, clusters, Map.of(), NOW, Detail.BRIEF);

    ClusterTable table = new ClusterTable(clusters);
    Candidates candidates = Candidates.filter(workload, table, List.of(), false);
    CostModel cost = new CostModel(workload, table, candidates, List.of());
    int[] capacity = new int[candidates.count()];
    long total = 0;
    for (int k = 0; k < candidates.count(); k++) {
      capacity[k] = Math.min(candidates.capacity[candidates.candidate(k)], shaped.replicas());
      total += capacity[k];
    }
    int target = (int) Math.min(shaped.replicas(), total);
    double best = cheapest(cost, candidates, capacity, 0, target);

    assertThat(decision.placedReplicas()).isEqualTo(target);
    assertThat(decision.cost()).isCloseTo(best, offset(tolerance(best)));
  }

  private static double tolerance(double cost) {
    return 1e-9 * Math.max(1, Math.abs(cost));
  }

  /** The least total cost of placing {@code left} replicas on candidates {@code k} onwards. */
  private static double cheapest(
      CostModel cost, Candidates candidates, int[] capacity, int k, int left) {
    if (k == capacity.length) {
      return left == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    double best = Double.POSITIVE_INFINITY;
    int cluster = candidates.candidate(k);
    for (int here = 0; here <= Math.min(capacity[k], left); here++) {
      double rest = cheapest(cost, candidates, capacity, k + 1, left - here);
      best = Math.min(best, cost.total(cluster, here) + rest);
    }
    return best;
  }

  @Property
  void marginalCostNeverFallsAsAClusterFills(
      @ForAll("smallFleet") List<Shape> shapes,
      @ForAll("smallWorkloads") Shaped shaped,
      @ForAll("currentCounts") List<Integer> counts) {
    Map<String, Integer> current = currentOf(counts, shapes.size());
    Map<String, Resources> running = new HashMap<>();
    current.forEach((name, n) -> running.put(name, times(shaped.perReplica(), n)));
    Workload workload = workload("web", shaped, current);
    ClusterTable table = new ClusterTable(clusters(shapes, running));
    Candidates candidates = Candidates.filter(workload, table, List.of(), false);
    CostModel cost = new CostModel(workload, table, candidates, List.of());

    for (int k = 0; k < candidates.count(); k++) {
      int cluster = candidates.candidate(k);
      for (int replica = 1; replica < Math.min(candidates.capacity[cluster], 40); replica++) {
        assertThat(cost.marginal(cluster, replica + 1))
            .isGreaterThanOrEqualTo(cost.marginal(cluster, replica) - 1e-9);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (c) Batches never overcommit

  @Property(tries = 500)
  void batchNeverOvercommitsAnyCluster(
      @ForAll("anyFleet") List<Shape> shapes,
      @ForAll("batches") List<Tuple2<Shaped, List<Integer>>> batch,
      @ForAll("couplings") List<List<Coupling>> couplings) {
    List<Workload> workloads = new ArrayList<>();
    Map<String, Resources> running = new HashMap<>();
    for (int w = 0; w < batch.size(); w++) {
      Shaped shaped = batch.get(w).get1();
      PlacementSpec s = shaped.spec();
      PlacementSpec coupled =
          new PlacementSpec(
              s.clusterSelector(),
              s.preferences(),
              s.tolerations(),
              s.mode(),
              s.minReplicasPerCluster(),
              s.maxReplicasPerCluster(),
              s.maxClusters(),
              s.spread(),
              couplings.get(w % couplings.size()),
              s.burst(),
              s.costWeights());
      Map<String, Integer> current = currentOf(batch.get(w).get2(), shapes.size());
      current.forEach(
          (name, n) ->
              running.merge(
                  name,
                  times(shaped.perReplica(), n),
                  (a, b) ->
                      new Resources(
                          a.cpuMillis() + b.cpuMillis(),
                          a.memoryBytes() + b.memoryBytes(),
                          a.pods() + b.pods())));
      Workload workload =
          new Workload(
              new WorkloadKey("shop", "w" + w),
              shaped.replicas(),
              shaped.perReplica(),
              coupled,
              current,
              w % 2 == 0 ? null : NOW.minus(Duration.ofMinutes(5)),
              Map.of());
      workloads.add(workload);
    }
    List<Cluster> clusters = clusters(shapes, running);

    List<Decision> decisions = ENGINE.placeAll(workloads, clusters, Map.of(), NOW, Detail.BRIEF);

    for (Cluster cluster : clusters) {
      long cpu = cluster.allocated().cpuMillis();
      long memory = cluster.allocated().memoryBytes();
      long pods = cluster.allocated().pods();
      for (int w = 0; w < workloads.size(); w++) {
        Workload workload = workloads.get(w);
        Decision decision = decisions.get(w);
        assertThat(decision.workload()).isEqualTo(workload.key());
        long change =
            decision.replicas().getOrDefault(cluster.name(), 0)
                - workload.current().getOrDefault(cluster.name(), 0);
        cpu += change * workload.perReplica().cpuMillis();
        memory += change * workload.perReplica().memoryBytes();
        pods += change * workload.perReplica().pods();
      }
      assertWithinAllocatable(cluster, new Resources(cpu, memory, pods));
    }
  }

  @Property(tries = 500)
  void strictGroupLandsInOneRegionOrNowhere(
      @ForAll("plainFleet") List<Shape> shapes, @ForAll("groupMembers") List<Shaped> members) {
    List<Workload> group = new ArrayList<>();
    for (int w = 0; w < members.size(); w++) {
      PlacementSpec s = members.get(w).spec();
      // Each member is coupled Strict by region to the next: one group.
      List<Coupling> coupling =
          w + 1 < members.size()
              ? List.of(new Coupling("m" + (w + 1), CouplingType.STRICT, REGION, 0))
              : List.of();
      PlacementSpec coupled =
          new PlacementSpec(
              s.clusterSelector(),
              s.preferences(),
              s.tolerations(),
              s.mode(),
              s.minReplicasPerCluster(),
              s.maxReplicasPerCluster(),
              s.maxClusters(),
              s.spread(),
              coupling,
              s.burst(),
              s.costWeights());
      group.add(
          workload(
              "m" + w,
              new Shaped(members.get(w).replicas(), members.get(w).perReplica(), coupled),
              Map.of()));
    }
    List<Cluster> clusters = clusters(shapes, Map.of());
    Map<String, String> regionOf = new HashMap<>();
    clusters.forEach(c -> regionOf.put(c.name(), c.labels().get(REGION)));

    List<Decision> decisions = ENGINE.placeAll(group, clusters, Map.of(), NOW, Detail.BRIEF);

    boolean placed = decisions.getFirst().outcome() == Decision.Outcome.PLACED;
    for (Decision decision : decisions) {
      assertThat(decision.outcome())
          .isEqualTo(placed ? Decision.Outcome.PLACED : Decision.Outcome.UNSCHEDULABLE);
    }
    assertThat(
            decisions.stream()
                .flatMap(d -> d.replicas().keySet().stream())
                .map(regionOf::get)
                .distinct())
        .hasSizeLessThanOrEqualTo(1);
  }

  // ---------------------------------------------------------------------------------------------
  // (d) Determinism under permutation of the cluster list

  @Property
  void clusterOrderDoesNotChangeTheDecision(
      @ForAll("shuffledFleets") Tuple2<List<Shape>, List<Integer>> fleet,
      @ForAll("anyWorkloads") Shaped shaped) {
    List<Cluster> clusters = clusters(fleet.get1(), Map.of());
    List<Cluster> shuffled = fleet.get2().stream().map(clusters::get).toList();
    Workload workload = workload("web", shaped, Map.of());

    for (Detail detail : Detail.values()) {
      Decision expected = ENGINE.place(workload, clusters, Map.of(), NOW, detail);
      Decision actual = ENGINE.place(workload, shuffled, Map.of(), NOW, detail);

      assertThat(actual.replicas()).isEqualTo(expected.replicas());
      assertThat(actual.outcome()).isEqualTo(expected.outcome());
      assertThat(actual.summary()).isEqualTo(expected.summary());
      assertThat(actual.filtered()).isEqualTo(expected.filtered());
      assertThat(actual.verdicts()).isEqualTo(expected.verdicts());
      assertThat(actual.cost()).isEqualTo(expected.cost());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Data residency holds whatever else the fleet and workload say

  @Property
  void euResidencyWorkloadNeverLandsOutsideTheEu(
      @ForAll("anyFleet") List<Shape> shapes,
      @ForAll("anyWorkloads") Shaped shaped,
      @ForAll("currentCounts") List<Integer> counts) {
    PlacementSpec s = shaped.spec();
    LabelSelector eu =
        new LabelSelector(
            null, List.of(new Requirement(REGION, Operator.IN, List.of("eu-central", "eu-west"))));
    PlacementSpec euOnly =
        new PlacementSpec(
            eu,
            s.preferences(),
            s.tolerations(),
            s.mode(),
            s.minReplicasPerCluster(),
            s.maxReplicasPerCluster(),
            s.maxClusters(),
            s.spread(),
            null,
            s.burst(),
            s.costWeights());
    Shaped euShaped = new Shaped(shaped.replicas(), shaped.perReplica(), euOnly);
    // The workload may run anywhere now, outside the EU too: those replicas must move.
    Map<String, Integer> current = currentOf(counts, shapes.size());
    Map<String, Resources> running = new HashMap<>();
    current.forEach((name, n) -> running.put(name, times(shaped.perReplica(), n)));
    List<Cluster> clusters = clusters(shapes, running);
    Workload workload = workload("ledger", euShaped, current);

    Decision decision = ENGINE.place(workload, clusters, Map.of(), NOW, Detail.BRIEF);

    for (String name : decision.replicas().keySet()) {
      String region =
          clusters.stream()
              .filter(c -> c.name().equals(name))
              .findFirst()
              .orElseThrow()
              .labels()
              .get(REGION);
      assertThat(region).isIn("eu-central", "eu-west");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Providers

  @Provide
  Arbitrary<List<Shape>> anyFleet() {
    return fleetShapes(false, 6);
  }

  @Provide
  Arbitrary<List<Shape>> plainFleet() {
    return fleetShapes(true, 6);
  }

  @Provide
  Arbitrary<List<Shape>> smallFleet() {
    return fleetShapes(false, 4);
  }

  @Provide
  Arbitrary<Tuple2<List<Shape>, List<Integer>>> shuffledFleets() {
    return fleetShapes(false, 6)
        .flatMap(
            shapes -> {
              List<Integer> indices = new ArrayList<>();
              for (int i = 0; i < shapes.size(); i++) {
                indices.add(i);
              }
              return Arbitraries.shuffle(indices).map(order -> Tuple.of(shapes, order));
            });
  }

  @Provide
  Arbitrary<Shaped> anyWorkloads() {
    return anyWorkload();
  }

  @Provide
  Arbitrary<Shaped> costOnlyWorkloads() {
    return costOnlyWorkload(30, false);
  }

  @Provide
  Arbitrary<Shaped> smallWorkloads() {
    return costOnlyWorkload(8, true);
  }

  @Provide
  Arbitrary<List<Shaped>> groupMembers() {
    Arbitrary<Shaped> member =
        Arbitraries.frequencyOf(Tuple.of(3, costOnlyWorkload(6, true)), Tuple.of(1, anyWorkload()));
    return member.filter(w -> w.replicas() > 0).list().ofMinSize(2).ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<Integer>> currentCounts() {
    return Arbitraries.integers().between(0, 3).list().ofSize(6);
  }

  @Provide
  Arbitrary<List<Tuple2<Shaped, List<Integer>>>> batches() {
    return Combinators.combine(anyWorkload(), currentCounts())
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<List<Coupling>>> couplings() {
    Arbitrary<Coupling> coupling =
        Combinators.combine(
                Arbitraries.of("w0", "w1", "w2", "w3", "w4", "elsewhere"),
                Arbitraries.of(CouplingType.class),
                Arbitraries.of(REGION, ZONE).injectNull(0.3),
                Arbitraries.integers().between(0, 50))
            .as(Coupling::new);
    return coupling.list().ofMaxSize(2).list().ofMinSize(1).ofMaxSize(5);
  }
}
