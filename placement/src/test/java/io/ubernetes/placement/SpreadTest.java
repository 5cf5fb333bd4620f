package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.REGION;
import static io.ubernetes.placement.Fleet.ZONE;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Outcome;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spread over zones and regions. The fleet: a (zone z1, region r1) at half the price of b (z2, r1)
 * and c (z3, r2), so that without spread every replica goes to a.
 */
class SpreadTest {
  private static final Cluster A = cluster("a").zone("z1").region("r1").price(1).build();
  private static final Cluster B = cluster("b").zone("z2").region("r1").price(2).build();
  private static final Cluster C = cluster("c").zone("z3").region("r2").price(2).build();

  // spotless:off
  static Stream<Arguments> spreads() {
    return Stream.of(
        argumentSet("no spread", List.of(), Map.of("a", 4)),
        // One replica in each zone first; the fourth goes where it is cheapest.
        argumentSet("3 zones", List.of(ZONE, 3), Map.of("a", 2, "b", 1, "c", 1)),
        // The cheapest cluster of each region first: a in r1, c in r2.
        argumentSet("2 regions", List.of(REGION, 2), Map.of("a", 3, "c", 1)),
        argumentSet("2 zones: a and the cheaper of the rest, by name", List.of(ZONE, 2), Map.of("a", 3, "b", 1)),
        argumentSet("1 zone is no constraint", List.of(ZONE, 1), Map.of("a", 4)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("spreads")
  void spreadsReplicasOverAtLeastMinGroups(List<Object> spread, Map<String, Integer> expected) {
    var web = workload("web").replicas(4);
    if (!spread.isEmpty()) {
      web.spread((String) spread.get(0), (Integer) spread.get(1));
    }

    Decision decision = place(web.build(), A, B, C);

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
    assertThat(decision.problems()).isEmpty();
  }

  @Test
  void spreadsOverZonesAndRegionsTogether() {
    Workload web = workload("web").replicas(4).spread(REGION, 2).spread(ZONE, 3).build();

    Decision decision = place(web, A, B, C);

    assertThat(decision.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 1, "c", 1));
  }

  // spotless:off
  static Stream<Arguments> infeasibleSpreads() {
    return Stream.of(
        argumentSet("only two zones exist", List.of(A, B), 4, Map.of("a", 3, "b", 1)),
        argumentSet("the third zone's cluster failed", List.of(A, B, C.withReadiness(Readiness.FAILED)), 4, Map.of("a", 3, "b", 1)),
        argumentSet("too few replicas for three zones", List.of(A, B, C), 2, Map.of("a", 1, "b", 1)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("infeasibleSpreads")
  void reportsInfeasibleSpreadButStillPlacesTheReplicas(
      List<Cluster> clusters, int replicas, Map<String, Integer> expected) {
    Workload web = workload("web").replicas(replicas).spread(ZONE, 3).build();

    Decision decision = place(web, clusters.toArray(Cluster[]::new));

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.placedReplicas()).isEqualTo(replicas);
    // Every replica is placed: the unmet spread is said apart, not as a partial placement.
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
    assertThat(decision.problems()).singleElement().asString().contains("zone").contains("2 of 3");
    assertThat(decision.unmetSpread()).isEqualTo(decision.problems());
    assertThat(decision.summary()).endsWith("; " + decision.problems().getFirst());
  }

  @Test
  void spreadCountsGroupsOnlyWhereTheWorkloadMayRun() {
    // c is in the third zone but outside the selected region.
    Workload web = workload("web").replicas(4).matchLabel(REGION, "r1").spread(ZONE, 3).build();

    Decision decision = place(web, A, B, C);

    assertThat(decision.replicas()).containsOnlyKeys("a", "b");
    assertThat(decision.problems()).singleElement().asString().contains("2 of 3");
  }
}
