package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.NOW;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Detail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tiers [onprem, cloud], maxUtilization 0.8, scale-back after 10 minutes. On-prem has 10 cores with
 * 500m used by others, so replicas of 1 core put it at 5% + 10% each: 7 replicas make 75%, the 8th
 * would make 85%. The cloud is far larger and half the price, which must not matter.
 */
class CloudburstingTest {
  private static final Duration SCALE_BACK_AFTER = Duration.ofMinutes(10);

  private static Fleet.ClusterBuilder onprem() {
    return cluster("onprem").tier("onprem").cpu(10_000).allocated(500, 0, 0).price(1);
  }

  private static Fleet.ClusterBuilder cloud() {
    return cluster("cloud").tier("cloud").cpu(100_000).price(0.5);
  }

  private static Fleet.WorkloadBuilder web(int replicas) {
    return workload("web")
        .replicas(replicas)
        .cpu(1000)
        .burst(0.8, SCALE_BACK_AFTER, "onprem", "cloud");
  }

  private static Decision place(Workload workload, Instant now, Cluster... clusters) {
    return new PlacementEngine().place(workload, List.of(clusters), Map.of(), now, Detail.FULL);
  }

  // spotless:off
  static Stream<Arguments> scaleUp() {
    return Stream.of(
        argumentSet("4 replicas fit on-prem", 4, Map.of("onprem", 4)),
        argumentSet("7 replicas keep on-prem at 75%", 7, Map.of("onprem", 7)),
        argumentSet("8 replicas: the one past 80% bursts", 8, Map.of("onprem", 7, "cloud", 1)),
        argumentSet("12 replicas: 5 burst", 12, Map.of("onprem", 7, "cloud", 5)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("scaleUp")
  void overflowsToCloudOnlyBeyondEightyPercentOfOnPrem(
      int replicas, Map<String, Integer> expected) {
    Decision decision = place(web(replicas).build(), NOW, onprem().build(), cloud().build());

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.scaleBackPendingSince()).isNull();
  }

  @Test
  void aClusterWithoutATierLabelComesLastAsAnUnlistedTier() {
    // As fillsTiersInOrderWithUnlistedTiersLast, with "edge" carrying no tier label at all.
    Cluster cloudSmall = cluster("cloud").tier("cloud").cpu(10_000).allocated(500, 0, 0).build();
    Cluster edge = cluster("edge").cpu(10_000).allocated(500, 0, 0).price(0.1).build();

    Decision decision = place(web(20).build(), NOW, onprem().build(), cloudSmall, edge);

    assertThat(decision.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 7, "cloud", 7, "edge", 6));
  }

  @Test
  void fillsTiersInOrderWithUnlistedTiersLast() {
    // Three clusters of 10 cores, 500m used: 7 replicas each below 80%. "edge" is not a listed
    // tier, and the cheapest.
    Cluster cloudSmall = cluster("cloud").tier("cloud").cpu(10_000).allocated(500, 0, 0).build();
    Cluster edge = cluster("edge").tier("edge").cpu(10_000).allocated(500, 0, 0).price(0.1).build();

    Decision decision = place(web(20).build(), NOW, onprem().build(), cloudSmall, edge);

    assertThat(decision.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 7, "cloud", 7, "edge", 6));
  }

  @Test
  void fillsEarlierTiersPastTheCeilingOnlyWhenLaterTiersAreFull() {
    // The cloud has room for 2; on-prem holds 9 at most (9.5 cores free).
    Cluster smallCloud = cloud().cpu(2000).build();

    Decision decision = place(web(11).build(), NOW, onprem().build(), smallCloud);

    assertThat(decision.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 9, "cloud", 2));
  }

  // spotless:off
  static Stream<Arguments> scaleDown() {
    return Stream.of(
        argumentSet("12 to 9: 3 fewer in the cloud", 9, Map.of("onprem", 7, "cloud", 2)),
        argumentSet("12 to 7: the cloud empties", 7, Map.of("onprem", 7)),
        argumentSet("12 to 5: the cloud empties, then on-prem shrinks", 5, Map.of("onprem", 5)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("scaleDown")
  void scaleDownRemovesCloudReplicasFirst(int replicas, Map<String, Integer> expected) {
    Workload scaledDown = web(replicas).current("onprem", 7).current("cloud", 5).build();

    Decision decision =
        place(
            scaledDown,
            NOW,
            onprem().allocated(7500, 0, 7).build(),
            cloud().allocated(5000, 0, 5).build());

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(decision.scaleBackPendingSince()).isNull();
  }

  /** 12 replicas, 7 on-prem and 5 in the cloud; on-prem then grows to 20 cores. */
  private static Decision afterOnPremGrew(int replicas, Instant pendingSince, Instant now) {
    Workload workload =
        web(replicas)
            .current("onprem", 7)
            .current("cloud", 5)
            .scaleBackPendingSince(pendingSince)
            .build();
    return place(
        workload,
        now,
        onprem().cpu(20_000).allocated(7500, 0, 7).build(),
        cloud().allocated(5000, 0, 5).build());
  }

  @Test
  void holdsScaleBackWhenOnPremFirstHasRoomAndReportsSinceWhen() {
    Decision first = afterOnPremGrew(12, null, NOW);

    assertThat(first.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 7, "cloud", 5));
    assertThat(first.scaleBackPendingSince()).isEqualTo(NOW);
    assertThat(first.problems()).anyMatch(p -> p.contains("scale-back pending"));
    // Every replica placed, every rule honoured: holding back is the rule, not a shortfall.
    assertThat(first.outcome()).isEqualTo(Decision.Outcome.PLACED);
  }

  @Test
  void keepsHoldingScaleBackUntilScaleBackAfterHasPassed() {
    Decision later = afterOnPremGrew(12, NOW, NOW.plus(Duration.ofMinutes(9).plusSeconds(59)));

    assertThat(later.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 7, "cloud", 5));
    // The since-time is the first one, passed back, not the time of this decision.
    assertThat(later.scaleBackPendingSince()).isEqualTo(NOW);
  }

  @Test
  void scalesBackOnceScaleBackAfterHasPassed() {
    Decision later = afterOnPremGrew(12, NOW, NOW.plus(SCALE_BACK_AFTER).plusSeconds(1));

    assertThat(later.replicas()).containsExactlyEntriesOf(Map.of("onprem", 12));
    assertThat(later.scaleBackPendingSince()).isNull();
    assertThat(later.problems()).isEmpty();
  }

  @Test
  void scaleDownDuringAHeldScaleBackStillRemovesCloudReplicasFirst() {
    Decision decision = afterOnPremGrew(9, NOW, NOW.plus(Duration.ofMinutes(1)));

    assertThat(decision.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 7, "cloud", 2));
    assertThat(decision.scaleBackPendingSince()).isEqualTo(NOW);
  }

  @Test
  void forgetsAPendingScaleBackWhenOnPremHasNoRoomAnyMore() {
    Workload workload =
        web(12).current("onprem", 7).current("cloud", 5).scaleBackPendingSince(NOW).build();

    Decision decision =
        place(
            workload,
            NOW.plus(Duration.ofMinutes(5)),
            onprem().allocated(7500, 0, 7).build(),
            cloud().allocated(5000, 0, 5).build());

    assertThat(decision.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 7, "cloud", 5));
    assertThat(decision.scaleBackPendingSince()).isNull();
    assertThat(decision.problems()).isEmpty();
  }

  @Test
  void strictGroupWithAHeldScaleBackIsStillPlaced() {
    // web holds 5 replicas in the cloud for now; db, coupled Strict to it by region, is new.
    Workload web =
        web(12).current("onprem", 7).current("cloud", 5).scaleBackPendingSince(NOW).build();
    Workload db =
        workload("db").couple("web", PlacementSpec.CouplingType.STRICT, Fleet.REGION, 0).build();
    List<Cluster> clusters =
        List.of(
            onprem().region("eu-west").cpu(20_000).allocated(7500, 0, 7).build(),
            cloud().region("eu-west").allocated(5000, 0, 5).build());

    List<Decision> decisions =
        new PlacementEngine()
            .placeAll(
                List.of(web, db), clusters, Map.of(), NOW.plus(Duration.ofMinutes(1)), Detail.FULL);

    assertThat(decisions.get(0).workload()).isEqualTo(Fleet.key("db"));
    assertThat(decisions.get(0).placedReplicas()).isEqualTo(1);
    assertThat(decisions.get(1).replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("onprem", 7, "cloud", 5));
    assertThat(decisions.get(1).scaleBackPendingSince()).isEqualTo(NOW);
    assertThat(decisions).extracting(Decision::outcome).containsOnly(Decision.Outcome.PLACED);
  }
}
