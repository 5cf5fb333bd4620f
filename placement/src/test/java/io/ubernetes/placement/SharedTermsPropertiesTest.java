package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.REGION;
import static io.ubernetes.placement.Fleet.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.LabelSelector.Operator;
import io.ubernetes.placement.LabelSelector.Requirement;
import io.ubernetes.placement.PlacementSpec.Burst;
import io.ubernetes.placement.PlacementSpec.Coupling;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import io.ubernetes.placement.PlacementSpec.Mode;
import io.ubernetes.placement.PlacementSpec.Preference;
import io.ubernetes.placement.PlacementSpec.Spread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A batch shares what each placement spec makes of the fleet (its static filters and constant cost
 * terms) between the workloads of that spec, and what each replica size makes of each cluster (free
 * room, node fit, price, utilization) until the cluster takes replicas. These properties check that
 * the sharing decides nothing differently: a batch decided by an engine that shares equals the
 * batch decided by one that works everything out anew for each workload, in both details. Batches
 * mix workloads of the same spec instance, of equal specs made apart and of different specs, in a
 * few sizes, some running somewhere already, some fenced, within budgets, Divided and Duplicated,
 * cloudbursting, and coupled Strict, AntiAffinity or Preferred; fleets have reported nodes,
 * drained, not ready and failed clusters, and taints of every effect.
 */
class SharedTermsPropertiesTest {
  private static final List<String> REGIONS = List.of("eu-central", "eu-west", "us-east");

  private static final List<Resources> SIZES =
      List.of(
          Resources.perReplica(250, Fleet.GI / 2),
          Resources.perReplica(1000, 2 * Fleet.GI),
          Resources.perReplica(4000, 8 * Fleet.GI));

  @Provide
  Arbitrary<List<Cluster>> fleets() {
    Arbitrary<List<NodeGroup>> nodes =
        Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 16),
                Arbitraries.integers().between(0, 3))
            .as(
                (count, cores, more) ->
                    List.of(
                        new NodeGroup(
                            count, new Resources(cores * 1000L, cores * 4 * Fleet.GI, 30)),
                        new NodeGroup(more, new Resources(8000, 32 * Fleet.GI, 30))))
            .injectNull(0.3);
    Arbitrary<Cluster> cluster =
        Combinators.combine(
                Arbitraries.of(REGIONS),
                Arbitraries.of("a", "b"),
                Arbitraries.of("onprem", "cloud"),
                Arbitraries.integers().between(2, 64),
                Arbitraries.integers().between(0, 90),
                Arbitraries.of(Readiness.class),
                Arbitraries.of(TaintEffect.class).injectNull(0.6),
                nodes)
            .as(
                (region, zone, tier, cores, usedPercent, readiness, taint, groups) -> {
                  long cpu = cores * 1000L;
                  return new Cluster(
                      "pending",
                      Map.of(REGION, region, ZONE, region + "-" + zone, Cluster.TIER_LABEL, tier),
                      taint == null ? List.of() : List.of(new Taint("dedicated", "x", taint)),
                      usedPercent % 11 == 0,
                      readiness,
                      new Resources(cpu, cores * 4 * Fleet.GI, 110),
                      new Resources(cpu * usedPercent / 100, 0, usedPercent / 10),
                      new Price(tier.equals("onprem") ? 0.5 : 1.0 + usedPercent / 100.0, 0.01),
                      groups,
                      null);
                });
    return cluster.list().ofMinSize(1).ofMaxSize(10).map(Fleet::namedOutOfOrder);
  }

  @Provide
  Arbitrary<PlacementSpec> specs() {
    Arbitrary<LabelSelector> selector =
        Arbitraries.of(
            new LabelSelector(null, null),
            new LabelSelector(Map.of(Cluster.TIER_LABEL, "onprem"), null),
            new LabelSelector(
                null,
                List.of(new Requirement(REGION, Operator.IN, List.of("eu-central", "eu-west")))));
    Arbitrary<List<Preference>> preferences =
        Arbitraries.integers()
            .between(1, 60)
            .map(
                w ->
                    List.of(
                        new Preference(
                            w, new LabelSelector(Map.of(Cluster.TIER_LABEL, "onprem"), null))))
            .injectNull(0.5);
    Arbitrary<List<Toleration>> tolerations =
        Arbitraries.of(TaintEffect.class)
            .map(
                effect ->
                    List.of(new Toleration("dedicated", Toleration.Operator.EXISTS, null, effect)))
            .injectNull(0.5);
    Arbitrary<List<Spread>> spread =
        Combinators.combine(Arbitraries.of(REGION, ZONE), Arbitraries.integers().between(1, 3))
            .as((key, groups) -> List.of(new Spread(key, groups)))
            .injectNull(0.5);
    Arbitrary<List<Coupling>> coupling =
        Combinators.combine(
                Arbitraries.of(CouplingType.class), Arbitraries.integers().between(1, 50))
            .as((type, weight) -> List.of(new Coupling("w0", type, REGION, weight)))
            .injectNull(0.6);
    Arbitrary<Burst> burst =
        Arbitraries.just(new Burst(List.of("onprem", "cloud"), 0.6, Duration.ofMinutes(10)))
            .injectNull(0.7);
    return Combinators.combine(
            selector,
            preferences,
            tolerations,
            Arbitraries.of(Mode.class),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 3),
            spread,
            Combinators.combine(coupling, burst).as(Extras::new))
        .as(
            (clusterSelector, wanted, tolerated, mode, min, max, groups, rest) ->
                new PlacementSpec(
                    clusterSelector,
                    wanted,
                    tolerated,
                    mode,
                    min,
                    max == 0 ? 0 : Math.max(min, max),
                    max,
                    groups,
                    rest.coupling(),
                    mode == Mode.DIVIDED ? rest.burst() : null,
                    null));
  }

  /** A spec's coupling and burst, drawn together. */
  private record Extras(List<Coupling> coupling, Burst burst) {}

  @Property
  void aBatchSharingItsSpecsAndSizesDecidesAsOneWorkingEachWorkloadOut(
      @ForAll("fleets") List<Cluster> clusters,
      @ForAll("specs") PlacementSpec first,
      @ForAll("specs") PlacementSpec second,
      @ForAll @IntRange(min = 1, max = 12) int workloads,
      @ForAll long seed,
      @ForAll boolean fenced,
      @ForAll boolean budgeted) {
    Random random = new Random(seed);
    // An equal spec made apart shares by value what the same instance shares by reference.
    PlacementSpec equalToFirst =
        new PlacementSpec(
            first.clusterSelector(),
            first.preferences(),
            first.tolerations(),
            first.mode(),
            first.minReplicasPerCluster(),
            first.maxReplicasPerCluster(),
            first.maxClusters(),
            first.spread(),
            first.coupling(),
            first.burst(),
            first.costWeights());
    List<PlacementSpec> specs = List.of(first, first, equalToFirst, second);
    Fence fence =
        new Fence(
            Set.of(clusters.get(random.nextInt(clusters.size())).name()),
            "not in a cluster set bound to namespace b");
    List<Workload> batch = new ArrayList<>();
    for (int w = 0; w < workloads; w++) {
      String namespace = w % 3 == 2 ? "b" : "a";
      Map<String, Integer> current = new HashMap<>();
      if (random.nextInt(3) == 0) {
        current.put(clusters.get(random.nextInt(clusters.size())).name(), 1 + random.nextInt(3));
      }
      Workload workload =
          new Workload(
              new WorkloadKey(namespace, "w" + w),
              random.nextInt(9),
              SIZES.get(random.nextInt(SIZES.size())),
              specs.get(random.nextInt(specs.size())),
              current,
              null,
              Map.of());
      batch.add(fenced && namespace.equals("b") ? workload.withFence(fence) : workload);
    }
    Map<String, List<Budget>> budgets =
        budgeted
            ? Map.of(
                "a",
                List.of(
                    Budget.fleet(
                        "compute", new Resources(12_000, Budget.UNLIMITED, 20), Resources.ZERO)))
            : Map.of();
    Map<WorkloadKey, Map<String, Integer>> existing =
        Map.of(new WorkloadKey("b", "w0"), Map.of(clusters.getFirst().name(), 2));

    for (Detail detail : Detail.values()) {
      List<Decision> shared =
          new PlacementEngine().placeAll(batch, clusters, existing, budgets, NOW, detail);
      List<Decision> apart =
          new PlacementEngine(false).placeAll(batch, clusters, existing, budgets, NOW, detail);
      assertThat(shared).hasSameSizeAs(apart);
      for (int w = 0; w < shared.size(); w++) {
        Fleet.assertSameDecision(shared.get(w), apart.get(w));
      }
    }
  }
}
