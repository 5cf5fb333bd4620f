package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.MI;
import static io.ubernetes.placement.Fleet.REGION;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.key;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.verdict;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.PlacementSpec.CostWeights;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each cost term on its own. With the default cluster (8 cores) and workload (500m), k replicas put
 * a cluster at utilization k/16, so the utilization term of the k-th replica is 100 (k/16)².
 */
class CostTermTest {
  private static final double EPSILON = 1e-9;

  @Test
  void cheaperPriceWins() {
    // "a" comes first by name; only its price keeps replicas away.
    Decision decision =
        place(
            workload("web").replicas(4).build(),
            cluster("a").price(2).build(),
            cluster("b").price(1).build());

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 4));
    // 100 × price here / price at the dearest candidate: 50 per replica at b, 100 at a.
    assertThat(verdict(decision, "b").cost().price()).isCloseTo(4 * 50.0, within(EPSILON));
    assertThat(verdict(decision, "a").nextReplica().price()).isCloseTo(100.0, within(EPSILON));
  }

  @Test
  void priceCountsMemoryAsWellAsCpu() {
    // Same core price; "a" charges for memory, and the workload asks for 4Gi a replica.
    Decision decision =
        place(
            workload("web").memory(4 * GI).build(),
            cluster("a").price(1, 0.25).build(),
            cluster("b").price(1, 0).build());

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 1));
    // a: 0.5 core × 1 + 4 GiB × 0.25 = 1.5 (the dearest); b: 0.5.
    assertThat(verdict(decision, "b").cost().price()).isCloseTo(100 * 0.5 / 1.5, within(EPSILON));
  }

  // spotless:off
  static Stream<Arguments> fullerClusters() {
    return Stream.of(
        argumentSet("by cpu", cluster("a").allocated(6000, 0, 0), 100 * Math.pow(6500.0 / 8000, 2)),
        argumentSet("by memory", cluster("a").allocated(0, 24 * GI, 0), 100 * Math.pow((24 * GI + 256 * MI) / (32.0 * GI), 2)),
        argumentSet("by pods", cluster("a").allocated(0, 0, 100), 100 * Math.pow(101.0 / 110, 2)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("fullerClusters")
  void emptierClusterWins(Fleet.ClusterBuilder fuller, double fullerNextUtilization) {
    Decision decision =
        place(workload("web").memory(256 * MI).build(), fuller.build(), cluster("b").build());

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 1));
    // u is the highest of cpu, memory and pod utilization with the replica.
    assertThat(verdict(decision, "a").nextReplica().utilization())
        .isCloseTo(fullerNextUtilization, within(EPSILON));
    assertThat(verdict(decision, "b").cost().utilization())
        .isCloseTo(100 * Math.pow(500.0 / 8000, 2), within(EPSILON));
  }

  @Test
  void utilizationBalancesReplicasUntilTheClustersAreEquallyFull() {
    // a starts half full: the k-th replica at a costs as much as the (8+k)-th at b.
    Decision decision =
        place(
            workload("web").replicas(10).build(),
            cluster("a").allocated(4000, 0, 0).build(),
            cluster("b").build());

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 9));
  }

  @Test
  void matchingPreferenceWins() {
    Decision decision =
        place(
            workload("web").prefer(30, REGION, "eu-west").prefer(5, "disk", "ssd").build(),
            cluster("a").region("eu-central").build(),
            cluster("b").region("eu-west").label("disk", "ssd").build());

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 1));
    // −weight for each matching preference.
    assertThat(verdict(decision, "b").cost().preference()).isCloseTo(-35.0, within(EPSILON));
    assertThat(verdict(decision, "a").nextReplica().preference()).isZero();
  }

  @Test
  void preferredCouplingPullsTowardThePartnersDomain() {
    Map<WorkloadKey, Map<String, Integer>> dbInCentral = Map.of(key("db"), Map.of("db-host", 2));
    Workload web = workload("web").couple("db", CouplingType.PREFERRED, REGION, 40).build();

    Decision decision =
        place(
            web,
            dbInCentral,
            cluster("a").region("eu-west").build(),
            cluster("b").region("eu-central").build(),
            cluster("db-host").region("eu-central").allocated(7000, 0, 2).build());

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("b", 1));
    assertThat(verdict(decision, "a").nextReplica().coupling()).isCloseTo(40.0, within(EPSILON));
    assertThat(verdict(decision, "b").cost().coupling()).isZero();
    assertThat(decision.filtered()).isEmpty();
  }

  // spotless:off
  static Stream<Arguments> stickiness() {
    return Stream.of(
        // a's price term is 100, b's 95.2: less than the 10 a running replica saves.
        argumentSet("close costs: replicas stay", 1.05, 1.0, true, Map.of("a", 3)),
        argumentSet("close costs, nothing running: the cheaper wins", 1.05, 1.0, false, Map.of("b", 3)),
        // a's price term is 100, b's 50: moving saves more than 10 a replica.
        argumentSet("much cheaper elsewhere: replicas move", 2.0, 1.0, true, Map.of("b", 3)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("stickiness")
  void stickinessKeepsRunningReplicasWhenCostsAreClose(
      double priceA, double priceB, boolean runningOnA, Map<String, Integer> expected) {
    var web = workload("web").replicas(3);
    var a = cluster("a").price(priceA);
    if (runningOnA) {
      web.current("a", 3);
      a.allocated(1500, 0, 3);
    }

    Decision decision = place(web.build(), a.build(), cluster("b").price(priceB).build());

    assertThat(decision.replicas()).containsExactlyEntriesOf(expected);
    if (runningOnA && expected.containsKey("a")) {
      assertThat(verdict(decision, "a").cost().stickiness()).isCloseTo(-30.0, within(EPSILON));
    }
  }

  // spotless:off
  static Stream<Arguments> preferNoSchedule() {
    Toleration tolerateSoft = new Toleration("soft", Toleration.Operator.EXISTS, null, TaintEffect.PREFER_NO_SCHEDULE);
    return Stream.of(
        // a's price term is 90, b's 100; the taint adds 20 to a.
        argumentSet("untolerated taint pushes away", true, List.of(), true, "b", 20.0),
        argumentSet("no taint: the cheaper wins", false, List.of(), true, "a", 0.0),
        argumentSet("tolerated taint costs nothing", true, List.of(tolerateSoft), true, "a", 0.0),
        argumentSet("but does not forbid", true, List.of(), false, "a", 20.0));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("preferNoSchedule")
  void preferNoScheduleTaintPushesAwayButDoesNotForbid(
      boolean tainted,
      List<Toleration> tolerations,
      boolean withAlternative,
      String expected,
      double taintTerm) {
    var web = workload("web");
    tolerations.forEach(web::tolerate);
    var a = cluster("a").price(0.9);
    if (tainted) {
      a.taint("soft", "true", TaintEffect.PREFER_NO_SCHEDULE);
    }
    Cluster b = cluster("b").price(1.0).build();

    Decision decision =
        withAlternative ? place(web.build(), a.build(), b) : place(web.build(), a.build());

    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of(expected, 1));
    assertThat(decision.filtered()).isEmpty();
    ClusterVerdict onA = verdict(decision, "a");
    assertThat(expected.equals("a") ? onA.cost().taints() : onA.nextReplica().taints())
        .isCloseTo(taintTerm, within(EPSILON));
  }

  // spotless:off
  static Stream<Arguments> costWeights() {
    Map<WorkloadKey, Map<String, Integer>> dbOnB = Map.of(key("db"), Map.of("b", 1));
    return Stream.of(
        // a: price 50 + utilization 31.6; b: price 100 + utilization 0.4.
        argumentSet("price weight 0 makes price irrelevant",
            List.of(cluster("a").price(1).allocated(4000, 0, 0).build(), cluster("b").price(2).build()),
            (Function<CostWeights, Workload>) w -> workload("web").weights(w).build(), Map.of(),
            new CostWeights(0, 1, 1, 1, 1), "a", "b"),
        // a: price 85 + taint 20 (never weighted); b: price 100. Doubled: 170 + 20 against 200.
        argumentSet("price weight 2 doubles the price term but not the taint term",
            List.of(cluster("a").price(0.85).taint("soft", "", TaintEffect.PREFER_NO_SCHEDULE).build(), cluster("b").price(1).build()),
            (Function<CostWeights, Workload>) w -> workload("web").weights(w).build(), Map.of(),
            new CostWeights(2, 1, 1, 1, 1), "b", "a"),
        // a: price 83.3 + utilization 31.6; b: price 100 + utilization 0.4.
        argumentSet("utilization weight 0 makes fullness irrelevant",
            List.of(cluster("a").price(1).allocated(4000, 0, 0).build(), cluster("b").price(1.2).build()),
            (Function<CostWeights, Workload>) w -> workload("web").weights(w).build(), Map.of(),
            new CostWeights(1, 0, 1, 1, 1), "b", "a"),
        argumentSet("preference weight 0 ignores preferences",
            List.of(cluster("a").region("eu-central").build(), cluster("b").region("eu-west").build()),
            (Function<CostWeights, Workload>) w -> workload("web").prefer(30, REGION, "eu-west").weights(w).build(), Map.of(),
            new CostWeights(1, 1, 0, 1, 1), "b", "a"),
        argumentSet("coupling weight 0 ignores Preferred couplings",
            List.of(cluster("a").region("eu-central").build(), cluster("b").region("eu-west").allocated(500, 0, 1).build()),
            (Function<CostWeights, Workload>) w -> workload("web").couple("db", CouplingType.PREFERRED, REGION, 30).weights(w).build(), dbOnB,
            new CostWeights(1, 1, 1, 0, 1), "b", "a"),
        // a's price term is 100, b's 95.2; a running replica saves 10 at a.
        argumentSet("stickiness weight 0 lets replicas move for small savings",
            List.of(cluster("a").price(1.05).allocated(500, 0, 1).build(), cluster("b").price(1).build()),
            (Function<CostWeights, Workload>) w -> workload("web").current("a", 1).weights(w).build(), Map.of(),
            new CostWeights(1, 1, 1, 1, 0), "a", "b"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("costWeights")
  void costWeightsScaleTheirTerms(
      List<Cluster> clusters,
      Function<CostWeights, Workload> web,
      Map<WorkloadKey, Map<String, Integer>> others,
      CostWeights weights,
      String winnerByDefault,
      String winnerWeighted) {
    Cluster[] fleet = clusters.toArray(Cluster[]::new);

    Decision byDefault = place(web.apply(CostWeights.DEFAULT), others, fleet);
    Decision weighted = place(web.apply(weights), others, fleet);

    assertThat(byDefault.replicas()).containsExactlyEntriesOf(Map.of(winnerByDefault, 1));
    assertThat(weighted.replicas()).containsExactlyEntriesOf(Map.of(winnerWeighted, 1));
  }
}
