package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.REGION;
import static io.ubernetes.placement.Fleet.ZONE;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.key;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.placeAll;
import static io.ubernetes.placement.Fleet.verdict;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Outcome;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Couplings between workloads: Strict and AntiAffinity filter, Preferred costs. */
class CouplingTest {
  private static final Map<WorkloadKey, Map<String, Integer>> DB_ON_B =
      Map.of(key("db"), Map.of("b", 2));

  private static Cluster[] threeClusters() {
    return new Cluster[] {
      cluster("a").region("eu-central").zone("eu-central-1a").build(),
      cluster("b").region("eu-west").zone("eu-west-1a").allocated(1000, 0, 2).build(),
      cluster("c").region("eu-west").zone("eu-west-1b").build()
    };
  }

  // spotless:off
  static Stream<Arguments> hardCouplings() {
    return Stream.of(
        argumentSet("Strict by region", CouplingType.STRICT, REGION,
            Map.of("not in the region of shop/db [eu-west]", List.of("a")), List.of("b", "c")),
        argumentSet("Strict by cluster (no topology key)", CouplingType.STRICT, null,
            Map.of("not in the cluster of shop/db [b]", List.of("a", "c")), List.of("b")),
        argumentSet("Strict by zone", CouplingType.STRICT, ZONE,
            Map.of("not in the zone of shop/db [eu-west-1a]", List.of("a", "c")), List.of("b")),
        argumentSet("AntiAffinity by region", CouplingType.ANTI_AFFINITY, REGION,
            Map.of("shares the region of shop/db [eu-west]", List.of("b", "c")), List.of("a")),
        argumentSet("AntiAffinity by zone", CouplingType.ANTI_AFFINITY, ZONE,
            Map.of("shares the zone of shop/db [eu-west-1a]", List.of("b")), List.of("a", "c")),
        argumentSet("AntiAffinity by cluster", CouplingType.ANTI_AFFINITY, null,
            Map.of("shares the cluster of shop/db [b]", List.of("b")), List.of("a", "c")));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("hardCouplings")
  void hardCouplingRestrictsToOrExcludesThePartnersDomain(
      CouplingType type,
      String topologyKey,
      Map<String, List<String>> filtered,
      List<String> allowed) {
    Workload web = workload("web").replicas(4).couple("db", type, topologyKey, 0).build();

    Decision decision = place(web, DB_ON_B, threeClusters());

    assertThat(decision.filtered()).containsExactlyEntriesOf(filtered);
    filtered.forEach(
        (reason, clusters) ->
            clusters.forEach(c -> assertThat(verdict(decision, c).reason()).isEqualTo(reason)));
    assertThat(decision.replicas().keySet()).isSubsetOf(allowed);
    assertThat(decision.placedReplicas()).isEqualTo(4);
  }

  @Test
  void strictCouplingFollowsEveryDomainThePartnerRunsIn() {
    Map<WorkloadKey, Map<String, Integer>> dbOnAAndB =
        Map.of(key("db"), Map.of("a", 1, "b", 1, "gone", 3));
    Workload web = workload("web").couple("db", CouplingType.STRICT, ZONE, 0).build();

    Decision decision = place(web, dbOnAAndB, threeClusters());

    // A cluster the fleet does not know ("gone") contributes no domain.
    assertThat(decision.filtered())
        .containsExactlyEntriesOf(
            Map.of("not in the zone of shop/db [eu-central-1a, eu-west-1a]", List.of("c")));
  }

  @Test
  void preferredCouplingIsACostNotAFilter() {
    var web = workload("web").replicas(2).couple("db", CouplingType.PREFERRED, REGION, 40);
    // Both eu-west clusters are full: web goes to eu-central and pays the coupling cost there.
    Cluster a = cluster("a").region("eu-central").build();
    Cluster b = cluster("b").region("eu-west").cpu(1000).allocated(1000, 0, 2).build();
    Cluster c = cluster("c").region("eu-west").cpu(1000).allocated(1000, 0, 0).build();

    Decision decision = place(web.build(), DB_ON_B, a, b, c);

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("a", 2));
    assertThat(verdict(decision, "a").cost().coupling()).isCloseTo(2 * 40.0, within(1e-9));
    assertThat(decision.filtered().keySet()).allMatch(r -> r.startsWith("insufficient cpu"));
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
  }

  @Test
  void workloadWhoseStrictPartnerRunsNowhereLandsFreelyAndThePartnerFollows() {
    Cluster a = cluster("a").region("eu-central").price(2).build();
    Cluster b = cluster("b").region("eu-west").price(1).build();
    Cluster c = cluster("c").region("eu-central").price(1).build();
    Workload web = workload("web").couple("db", CouplingType.STRICT, REGION, 0).build();
    Workload db = workload("db").replicas(2).couple("web", CouplingType.STRICT, REGION, 0).build();

    Decision first = place(web, Map.of(key("db"), Map.of()), a, b, c);
    // b and c are the cheapest and tie: b by name.
    assertThat(first.filtered()).isEmpty();
    assertThat(first.replicas()).containsExactlyEntriesOf(Map.of("b", 1));

    Decision second = place(db, Map.of(key("web"), first.replicas()), a, b, c);
    assertThat(second.replicas()).containsExactlyEntriesOf(Map.of("b", 2));
    assertThat(second.filtered())
        .containsExactlyEntriesOf(
            Map.of("not in the region of shop/web [eu-west]", List.of("a", "c")));
  }

  /**
   * db (4 × 2 cores) and web (4 × 2.5 cores), coupled Strict by region, in one batch. Placed alone,
   * db would take the cheaper eu-central, where web then has room for only 2 replicas.
   */
  @Test
  void strictGroupLandsInTheOneRegionWhereAllOfItFits() {
    Workload db = workload("db").replicas(4).cpu(2000).build();
    Workload web =
        workload("web").replicas(4).cpu(2500).couple("db", CouplingType.STRICT, REGION, 0).build();
    Cluster c1 = cluster("c1").region("eu-central").price(1).build();
    Cluster c2 = cluster("c2").region("eu-central").price(1).build();
    Cluster w1 = cluster("w1").region("eu-west").cpu(24000).price(2).build();

    Decision dbAlone = place(db, c1, c2, w1);
    List<Decision> batch = placeAll(List.of(web, db), c1, c2, w1);

    assertThat(dbAlone.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("c1", 2, "c2", 2));
    assertThat(batch).extracting(Decision::workload).containsExactly(key("db"), key("web"));
    assertThat(batch).extracting(Decision::outcome).containsOnly(Outcome.PLACED);
    assertThat(batch.get(0).replicas()).containsExactlyEntriesOf(Map.of("w1", 4));
    assertThat(batch.get(1).replicas()).containsExactlyEntriesOf(Map.of("w1", 4));
  }

  static Stream<Arguments> regionPrices() {
    return Stream.of(
        argumentSet("eu-west half the price", 2.0, 1.0, "west"),
        argumentSet("eu-central half the price", 1.0, 2.0, "central"));
  }

  @ParameterizedTest
  @MethodSource("regionPrices")
  void strictGroupChoosesTheCheaperOfTwoRegionsWhereItFits(
      double centralPrice, double westPrice, String expected) {
    Workload db = workload("db").replicas(2).build();
    Workload web = workload("web").replicas(2).couple("db", CouplingType.STRICT, REGION, 0).build();
    // Identical regions but for the price.
    Cluster central = cluster("central").region("eu-central").price(centralPrice).build();
    Cluster west = cluster("west").region("eu-west").price(westPrice).build();

    List<Decision> batch = placeAll(List.of(db, web), central, west);

    assertThat(batch.get(0).replicas()).containsExactlyEntriesOf(Map.of(expected, 2));
    assertThat(batch.get(1).replicas()).containsExactlyEntriesOf(Map.of(expected, 2));
  }

  @Test
  void strictGroupIsPlacedNowhereWhenNoSingleRegionFitsAll() {
    // db (4 × 2 cores) fits only in eu-central, and fills it; web (4 × 1 core) then fits only
    // in eu-west.
    Workload db = workload("db").replicas(4).cpu(2000).build();
    Workload web =
        workload("web").replicas(4).cpu(1000).couple("db", CouplingType.STRICT, REGION, 0).build();
    Cluster central = cluster("central").region("eu-central").cpu(8000).build();
    Cluster west = cluster("west").region("eu-west").cpu(5000).build();

    List<Decision> batch = placeAll(List.of(db, web), central, west);

    assertThat(place(db, central, west).outcome()).isEqualTo(Outcome.PLACED);
    for (Decision decision : batch) {
      assertThat(decision.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
      assertThat(decision.replicas()).isEmpty();
      assertThat(decision.filtered()).hasSize(1);
      String reason = decision.filtered().firstKey();
      assertThat(reason)
          .contains("Strict coupling group shop/db, shop/web")
          .contains("no single region fits all");
      assertThat(decision.filtered().get(reason)).containsExactly("central", "west");
      assertThat(decision.summary()).startsWith("0/4 replicas placed; 0/2 clusters fit: 2 ");
    }
  }

  @Test
  void strictGroupByClusterLandsInOneCluster() {
    Workload db = workload("db").replicas(3).couple("web", CouplingType.STRICT, null, 0).build();
    Workload web = workload("web").replicas(3).build();
    // a is cheapest but holds only 4 replicas; b holds all 6.
    Cluster a = cluster("a").cpu(2000).price(1).build();
    Cluster b = cluster("b").price(1).build();
    Cluster c = cluster("c").price(3).build();

    List<Decision> batch = placeAll(List.of(web, db), a, b, c);

    assertThat(batch.get(0).replicas()).containsExactlyEntriesOf(Map.of("b", 3));
    assertThat(batch.get(1).replicas()).containsExactlyEntriesOf(Map.of("b", 3));
  }
}
