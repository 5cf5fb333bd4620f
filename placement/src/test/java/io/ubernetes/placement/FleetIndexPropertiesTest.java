package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.REGION;
import static io.ubernetes.placement.Fleet.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.LabelSelector.Operator;
import io.ubernetes.placement.LabelSelector.Requirement;
import io.ubernetes.placement.PlacementSpec.Coupling;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import io.ubernetes.placement.PlacementSpec.Mode;
import io.ubernetes.placement.PlacementSpec.Preference;
import io.ubernetes.placement.PlacementSpec.Spread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The engine interns labels into columns once per fleet and reuses them across decisions, batches
 * and calls. These properties check that this changes nothing: a decision through a reused index
 * equals one through a fresh engine, a batch of one equals a single decision, and every cluster a
 * selector filters out is one whose label map the selector does not match, for the reason the
 * selector gives. Fleets have 1 to 12 clusters, some without a region, zone or tier label.
 */
class FleetIndexPropertiesTest {
  private static final List<String> REGIONS = List.of("eu-central", "eu-west", "us-east");

  /** A label, or none: the absent value is a value of the column too. */
  private static Arbitrary<String> maybe(List<String> values) {
    return Arbitraries.of(values).injectNull(0.2);
  }

  @Provide
  Arbitrary<List<Cluster>> fleets() {
    Arbitrary<Cluster> cluster =
        Combinators.combine(
                maybe(REGIONS),
                maybe(List.of("a", "b")),
                Arbitraries.of("onprem", "cloud"),
                Arbitraries.integers().between(0, 16),
                Arbitraries.integers().between(0, 90),
                Arbitraries.doubles().between(0, 3).ofScale(1),
                Arbitraries.of(Readiness.class),
                Arbitraries.of(TaintEffect.class).injectNull(0.7))
            .as(
                (region, zone, tier, cores, usedPercent, price, readiness, taint) -> {
                  Map<String, String> labels = new HashMap<>();
                  labels.put(Cluster.TIER_LABEL, tier);
                  if (region != null) {
                    labels.put(REGION, region);
                  }
                  if (zone != null) {
                    labels.put(ZONE, (region == null ? "nowhere" : region) + "-" + zone);
                  }
                  long cpu = cores * 1000L;
                  return new Cluster(
                      "pending",
                      labels,
                      taint == null ? List.of() : List.of(new Taint("dedicated", "x", taint)),
                      false,
                      readiness,
                      new Resources(cpu, 64 * Fleet.GI, 110),
                      new Resources(cpu * usedPercent / 100, 0, 0),
                      new Price(price, 0),
                      null,
                      null);
                });
    return cluster.list().ofMinSize(1).ofMaxSize(12).map(Fleet::namedOutOfOrder);
  }

  @Provide
  Arbitrary<LabelSelector> selectors() {
    Arbitrary<Requirement> requirement =
        Combinators.combine(
                Arbitraries.of(Operator.class),
                Arbitraries.of(REGION, ZONE, Cluster.TIER_LABEL, "gpu"),
                Arbitraries.subsetOf("eu-central", "eu-west", "eu-west-a", "onprem").ofMinSize(1))
            .as((op, key, values) -> new Requirement(key, op, List.copyOf(values)));
    Arbitrary<Map<String, String>> matchLabels =
        Arbitraries.of(
            Map.<String, String>of(),
            Map.of(Cluster.TIER_LABEL, "onprem"),
            Map.of(REGION, "us-east"),
            Map.of(REGION, "eu-west", Cluster.TIER_LABEL, "cloud"));
    return Combinators.combine(matchLabels, requirement.list().ofMaxSize(2)).as(LabelSelector::new);
  }

  @Provide
  Arbitrary<Workload> workloads() {
    Arbitrary<PlacementSpec> spec =
        Combinators.combine(
                selectors(),
                selectors()
                    .flatMap(
                        s ->
                            Arbitraries.integers()
                                .between(1, 60)
                                .map(w -> List.of(new Preference(w, s))))
                    .injectNull(0.4),
                Arbitraries.of(Mode.class),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(REGION, ZONE)
                    .flatMap(
                        key ->
                            Arbitraries.integers()
                                .between(1, 3)
                                .map(groups -> List.of(new Spread(key, groups))))
                    .injectNull(0.4))
            .as(
                (selector, preferences, mode, min, spread) ->
                    new PlacementSpec(
                        selector, preferences, null, mode, min, 0, 0, spread, null, null, null));
    return Combinators.combine(Arbitraries.integers().between(0, 12), spec)
        .as(
            (replicas, s) ->
                Workload.of(
                    new WorkloadKey("shop", "web"),
                    replicas,
                    Resources.perReplica(500, Fleet.GI),
                    s));
  }

  @Property
  void aReusedIndexDecidesAsAFreshEngine(
      @ForAll("fleets") List<Cluster> clusters,
      @ForAll("workloads") Workload first,
      @ForAll("workloads") Workload second) {
    PlacementEngine reused = new PlacementEngine();
    reused.place(first, clusters, Map.of(), NOW, Detail.BRIEF);

    for (Detail detail : Detail.values()) {
      Fleet.assertSameDecision(
          reused.place(second, clusters, Map.of(), NOW, detail),
          new PlacementEngine().place(second, List.copyOf(clusters), Map.of(), NOW, detail));
    }
  }

  @Property
  void aBatchOfOneDecidesAsASingleDecision(
      @ForAll("fleets") List<Cluster> clusters, @ForAll("workloads") Workload workload) {
    PlacementEngine engine = new PlacementEngine();
    for (Detail detail : Detail.values()) {
      Fleet.assertSameDecision(
          engine.placeAll(List.of(workload), clusters, Map.of(), NOW, detail).getFirst(),
          engine.place(workload, clusters, Map.of(), NOW, detail));
    }
  }

  @Property
  void aReusedIndexDecidesABatchAsAFreshEngine(
      @ForAll("fleets") List<Cluster> clusters,
      @ForAll("workloads") Workload a,
      @ForAll("workloads") Workload b,
      @ForAll @IntRange(max = 2) int coupling) {
    // b is coupled to a: Strict, AntiAffinity or Preferred by region, so that domain rules and
    // Preferred domains are decided over the region column.
    CouplingType type = CouplingType.values()[coupling];
    PlacementSpec s = b.placement();
    Coupling toWeb = new Coupling("web", type, REGION, 40);
    Workload coupled =
        Workload.of(
            new WorkloadKey("shop", "db"),
            b.replicas(),
            b.perReplica(),
            new PlacementSpec(
                s.clusterSelector(),
                s.preferences(),
                null,
                s.mode(),
                s.minReplicasPerCluster(),
                0,
                0,
                s.spread(),
                List.of(toWeb),
                null,
                null));
    List<Workload> batch = List.of(a, coupled);
    PlacementEngine reused = new PlacementEngine();
    reused.placeAll(batch, clusters, Map.of(), NOW, Detail.BRIEF);

    List<Decision> again = reused.placeAll(batch, clusters, Map.of(), NOW, Detail.FULL);
    List<Decision> fresh =
        new PlacementEngine().placeAll(batch, List.copyOf(clusters), Map.of(), NOW, Detail.FULL);

    for (int w = 0; w < batch.size(); w++) {
      Fleet.assertSameDecision(again.get(w), fresh.get(w));
    }
  }

  @Property
  void clustersASelectorFiltersAreThoseItsLabelMapsFail(
      @ForAll("fleets") List<Cluster> clusters, @ForAll("selectors") LabelSelector selector) {
    Workload workload =
        Workload.of(
            new WorkloadKey("shop", "web"),
            1,
            Resources.ZERO,
            new PlacementSpec(
                selector,
                null,
                List.of(new Toleration(null, Toleration.Operator.EXISTS, null, null)),
                null,
                0,
                0,
                0,
                null,
                null,
                null,
                null));

    Decision decision = new PlacementEngine().place(workload, clusters, Map.of(), NOW, Detail.FULL);

    for (Cluster cluster : clusters) {
      String reason = Fleet.verdict(decision, cluster.name()).reason();
      String mismatch = selector.mismatch(cluster.labels());
      if (cluster.readiness() != Readiness.FAILED) {
        assertThat(reason).as(cluster.name()).isEqualTo(expectedReason(cluster, mismatch));
      }
    }
  }

  @Example
  void aListChangedInPlaceIsIndexedAfresh() {
    List<Cluster> clusters =
        new ArrayList<>(
            List.of(
                Fleet.cluster("fra").region("eu-central").build(),
                Fleet.cluster("nyc").region("us-east").build()));
    Workload euOnly = Fleet.workload("ledger").inRegions(Fleet.EU).build();
    PlacementEngine engine = new PlacementEngine();
    assertThat(engine.place(euOnly, clusters, Map.of(), NOW, Detail.BRIEF).replicas())
        .containsOnlyKeys("fra");

    // The same list now holds another fleet: fra moved out of the EU, nyc moved in.
    clusters.set(0, Fleet.cluster("fra").region("us-west").build());
    clusters.set(1, Fleet.cluster("nyc").region("eu-west").build());

    assertThat(engine.place(euOnly, clusters, Map.of(), NOW, Detail.BRIEF).replicas())
        .containsOnlyKeys("nyc");
  }

  /**
   * What a tolerating workload with no resource needs says of a cluster that has not failed: the
   * selector's own wording of the mismatch (the same text the selector's checks give, matchLabels
   * read as {@code key is not value}), else only a cordon.
   */
  private static String expectedReason(Cluster cluster, String mismatch) {
    if (mismatch != null) {
      return mismatch;
    }
    return cluster.readiness() == Readiness.NOT_READY ? "not ready" : null;
  }
}
