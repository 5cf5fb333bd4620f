package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.PlacementSpec.Coupling;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import io.ubernetes.placement.PlacementSpec.Mode;
import io.ubernetes.placement.PlacementSpec.Spread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of fences and budgets over random fleets of 1 to 6 clusters and batches of 1 to 6
 * workloads in two namespaces, each namespace with or without a fence and with up to three budgets
 * (over the fleet or a random set of clusters, each dimension limited or not, partly used already).
 */
class BudgetPropertiesTest {
  private static final List<String> NAMESPACES = List.of("shop", "bank");
  private static final List<String> REGIONS = List.of("eu-west", "eu-central", "us-east");
  private static final PlacementEngine ENGINE = new PlacementEngine();

  record ClusterShape(
      String region, long cores, long pods, int usedPercent, double price, Readiness readiness) {}

  record WorkloadShape(
      int namespace,
      int replicas,
      Resources perReplica,
      Mode mode,
      int[] bounds,
      CouplingType coupling,
      boolean spread,
      List<Integer> current) {}

  /** A budget before its scope is named: {@code clusters} null for the fleet. */
  record BudgetShape(int namespace, Set<Integer> clusters, Resources hard, Resources used) {}

  record Scenario(
      List<Cluster> clusters,
      List<Workload> workloads,
      Map<String, List<Budget>> budgets,
      Map<String, Fence> fences) {}

  // ---------------------------------------------------------------------------------------------
  // Generators

  private static Arbitrary<ClusterShape> clusterShapes() {
    return Combinators.combine(
            Arbitraries.of(REGIONS),
            Arbitraries.longs().between(0, 16),
            Arbitraries.longs().between(0, 30),
            Arbitraries.integers().between(0, 100),
            Arbitraries.doubles().between(0, 5).ofScale(2),
            Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Readiness.READY)),
                Tuple.of(1, Arbitraries.just(Readiness.NOT_READY)),
                Tuple.of(1, Arbitraries.just(Readiness.FAILED))))
        .as(ClusterShape::new);
  }

  private static Arbitrary<WorkloadShape> workloadShapes() {
    Arbitrary<Resources> perReplica =
        Combinators.combine(
                Arbitraries.longs().between(0, 20).map(tenths -> tenths * 100),
                Arbitraries.longs().between(0, 8).map(halves -> halves * GI / 2))
            .as(Resources::perReplica);
    Arbitrary<int[]> bounds =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 3))
            .as(
                (min, max, clusters) ->
                    new int[] {max > 0 ? Math.min(min, max) : min, max, clusters});
    return Combinators.combine(
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 12),
            perReplica,
            Arbitraries.of(Mode.class),
            bounds,
            Arbitraries.of(CouplingType.class).injectNull(0.7),
            Arbitraries.of(true, false, false),
            Arbitraries.integers().between(0, 3).list().ofSize(6))
        .as(WorkloadShape::new);
  }

  private static Arbitrary<Long> limit(long max) {
    return Arbitraries.longs()
        .between(0, max)
        .injectNull(0.4)
        .map(v -> v == null ? Budget.UNLIMITED : v);
  }

  private static Arbitrary<BudgetShape> budgetShapes() {
    Arbitrary<Resources> hard =
        Combinators.combine(limit(20_000), limit(40 * GI), limit(40)).as(Resources::new);
    Arbitrary<Resources> used =
        Combinators.combine(
                Arbitraries.longs().between(0, 8_000),
                Arbitraries.longs().between(0, 16 * GI),
                Arbitraries.longs().between(0, 16))
            .as(Resources::new);
    return Combinators.combine(
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 5).set().ofMaxSize(4).injectNull(0.5),
            hard,
            used)
        .as(BudgetShape::new);
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Combinators.combine(
            clusterShapes().list().ofMinSize(1).ofMaxSize(6),
            workloadShapes().list().ofMinSize(1).ofMaxSize(6),
            budgetShapes().list().ofMaxSize(3),
            Arbitraries.integers().between(0, 5).set().injectNull(0.5).list().ofSize(2))
        .as(BudgetPropertiesTest::scenario);
  }

  /** The same scenarios with every budget unlimited and no fence. */
  @Provide
  Arbitrary<Scenario> unlimited() {
    return scenarios()
        .map(
            s -> {
              Map<String, List<Budget>> open = new HashMap<>();
              s.budgets()
                  .forEach(
                      (namespace, budgets) ->
                          open.put(
                              namespace,
                              budgets.stream()
                                  .map(
                                      b ->
                                          new Budget(
                                              b.quota(),
                                              b.clusterSet(),
                                              b.clusters(),
                                              new Resources(
                                                  Budget.UNLIMITED,
                                                  Budget.UNLIMITED,
                                                  Budget.UNLIMITED),
                                              b.used()))
                                  .toList()));
              List<Workload> free = s.workloads().stream().map(w -> w.withFence(null)).toList();
              return new Scenario(s.clusters(), free, open, Map.of());
            });
  }

  private static Scenario scenario(
      List<ClusterShape> clusterShapes,
      List<WorkloadShape> workloadShapes,
      List<BudgetShape> budgetShapes,
      List<Set<Integer>> fenceShapes) {
    int n = clusterShapes.size();
    Map<String, Fence> fences = new HashMap<>();
    for (int ns = 0; ns < NAMESPACES.size(); ns++) {
      if (fenceShapes.get(ns) != null) {
        fences.put(
            NAMESPACES.get(ns),
            new Fence(
                names(fenceShapes.get(ns), n), "not in a set bound to " + NAMESPACES.get(ns)));
      }
    }
    long[] runningCpu = new long[n];
    long[] runningMemory = new long[n];
    long[] runningPods = new long[n];
    List<Workload> workloads = new ArrayList<>();
    for (int w = 0; w < workloadShapes.size(); w++) {
      WorkloadShape shape = workloadShapes.get(w);
      String namespace = NAMESPACES.get(shape.namespace());
      Map<String, Integer> current = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        int count = shape.current().get(i);
        if (count > 0) {
          current.put("c" + i, count);
          runningCpu[i] += count * shape.perReplica().cpuMillis();
          runningMemory[i] += count * shape.perReplica().memoryBytes();
          runningPods[i] += count;
        }
      }
      List<Coupling> coupling =
          shape.coupling() == null || w == 0
              ? List.of()
              : List.of(new Coupling("w0", shape.coupling(), REGION, 10));
      int[] b = shape.bounds();
      PlacementSpec spec =
          new PlacementSpec(
              null,
              null,
              null,
              shape.mode(),
              b[0],
              b[1],
              b[2],
              shape.spread() ? List.of(new Spread(REGION, 2)) : List.of(),
              coupling,
              null,
              null);
      workloads.add(
          new Workload(
              new WorkloadKey(namespace, "w" + w),
              shape.replicas(),
              shape.perReplica(),
              spec,
              current,
              null,
              Map.of(),
              fences.get(namespace)));
    }
    List<Cluster> clusters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ClusterShape shape = clusterShapes.get(i);
      long cpu = shape.cores() * 1000;
      long memory = shape.cores() * 4 * GI;
      Resources allocated =
          new Resources(
              cpu * shape.usedPercent() / 100 + runningCpu[i],
              memory * shape.usedPercent() / 100 + runningMemory[i],
              shape.pods() * shape.usedPercent() / 100 + runningPods[i]);
      // Running replicas are real: the cluster's allocatable covers them.
      Resources allocatable =
          new Resources(
              Math.max(cpu, allocated.cpuMillis()),
              Math.max(memory, allocated.memoryBytes()),
              Math.max(shape.pods(), allocated.pods()));
      clusters.add(
          new Cluster(
              "c" + i,
              Map.of(REGION, shape.region()),
              List.of(),
              false,
              shape.readiness(),
              allocatable,
              allocated,
              new Price(shape.price(), 0.1),
              null,
              null));
    }
    Map<String, List<Budget>> budgets = new HashMap<>();
    for (int k = 0; k < budgetShapes.size(); k++) {
      BudgetShape shape = budgetShapes.get(k);
      Budget budget =
          shape.clusters() == null
              ? Budget.fleet("q" + k, shape.hard(), shape.used())
              : Budget.clusterSet(
                  "q" + k, "set" + k, names(shape.clusters(), n), shape.hard(), shape.used());
      budgets
          .computeIfAbsent(NAMESPACES.get(shape.namespace()), ns -> new ArrayList<>())
          .add(budget);
    }
    return new Scenario(clusters, workloads, budgets, fences);
  }

  /** Cluster names for positions, some of them past the fleet: such names are ignored. */
  private static Set<String> names(Set<Integer> positions, int clusters) {
    Set<String> names = new TreeSet<>();
    positions.forEach(p -> names.add("c" + p));
    return names;
  }

  // ---------------------------------------------------------------------------------------------
  // Properties

  @Property(tries = 1000)
  void theReplicasPlacedNeverExceedABudgetNorLeaveTheirFence(
      @ForAll("scenarios") Scenario scenario) {
    List<Decision> decisions =
        ENGINE.placeAll(
            scenario.workloads(),
            scenario.clusters(),
            Map.of(),
            scenario.budgets(),
            NOW,
            Detail.BRIEF);

    Map<WorkloadKey, Workload> byKey = new HashMap<>();
    scenario.workloads().forEach(w -> byKey.put(w.key(), w));
    for (Decision decision : decisions) {
      Fence fence = scenario.fences().get(decision.workload().namespace());
      if (fence != null) {
        assertThat(fence.clusters()).containsAll(decision.replicas().keySet());
      }
    }
    scenario
        .budgets()
        .forEach(
            (namespace, budgets) -> {
              for (Budget budget : budgets) {
                long cpu = 0;
                long memory = 0;
                long pods = 0;
                for (Decision decision : decisions) {
                  if (!decision.workload().namespace().equals(namespace)) {
                    continue;
                  }
                  Resources unit = byKey.get(decision.workload()).perReplica();
                  for (Map.Entry<String, Integer> given : decision.replicas().entrySet()) {
                    if (budget.clusters() == null || budget.clusters().contains(given.getKey())) {
                      cpu += given.getValue() * unit.cpuMillis();
                      memory += given.getValue() * unit.memoryBytes();
                      pods += given.getValue() * unit.pods();
                    }
                  }
                }
                assertWithin(
                    budget, "cpu", cpu, budget.hard().cpuMillis(), budget.used().cpuMillis());
                assertWithin(
                    budget,
                    "memory",
                    memory,
                    budget.hard().memoryBytes(),
                    budget.used().memoryBytes());
                assertWithin(budget, "pods", pods, budget.hard().pods(), budget.used().pods());
              }
            });
  }

  private static void assertWithin(
      Budget budget, String dimension, long placed, long hard, long used) {
    if (hard == Budget.UNLIMITED) {
      return;
    }
    assertThat(placed)
        .as("%s of %s (used %s before the batch)", dimension, budget.quota(), used)
        .isLessThanOrEqualTo(Math.max(0, hard - used));
  }

  @Property(tries = 500)
  void unlimitedBudgetsAndNoFenceChangeNoDecision(@ForAll("unlimited") Scenario scenario) {
    List<Decision> today =
        ENGINE.placeAll(scenario.workloads(), scenario.clusters(), Map.of(), NOW, Detail.FULL);
    List<Decision> budgeted =
        ENGINE.placeAll(
            scenario.workloads(),
            scenario.clusters(),
            Map.of(),
            scenario.budgets(),
            NOW,
            Detail.FULL);

    for (int i = 0; i < today.size(); i++) {
      Decision expected = today.get(i);
      Decision actual = budgeted.get(i);
      assertThat(actual.replicas()).isEqualTo(expected.replicas());
      assertThat(actual.outcome()).isEqualTo(expected.outcome());
      assertThat(actual.summary()).isEqualTo(expected.summary());
      assertThat(actual.problems()).isEqualTo(expected.problems());
      assertThat(actual.filtered()).isEqualTo(expected.filtered());
      assertThat(actual.verdicts()).isEqualTo(expected.verdicts());
      assertThat(actual.cost()).isEqualTo(expected.cost());
      assertThat(actual.quotaReached()).isEmpty();
    }
  }

  @Property(tries = 300)
  void aFenceHoldingEveryClusterChangesNoDecision(@ForAll("unlimited") Scenario scenario) {
    Set<String> all = new TreeSet<>();
    scenario.clusters().forEach(c -> all.add(c.name()));
    Fence everywhere = new Fence(all, "not in a set bound to the namespace");
    List<Workload> fenced =
        scenario.workloads().stream().map(w -> w.withFence(everywhere)).toList();

    List<Decision> today =
        ENGINE.placeAll(scenario.workloads(), scenario.clusters(), Map.of(), NOW, Detail.FULL);
    List<Decision> inside =
        ENGINE.placeAll(fenced, scenario.clusters(), Map.of(), NOW, Detail.FULL);

    for (int i = 0; i < today.size(); i++) {
      assertThat(inside.get(i).replicas()).isEqualTo(today.get(i).replicas());
      assertThat(inside.get(i).summary()).isEqualTo(today.get(i).summary());
      assertThat(inside.get(i).verdicts()).isEqualTo(today.get(i).verdicts());
    }
  }
}
