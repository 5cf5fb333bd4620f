package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.ZONE;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.verdict;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ubernetes.placement.Decision.Outcome;
import org.junit.jupiter.api.Test;

/** What a decision tells a person: reasons in the caller's words, figures with their units. */
class ExplanationTest {

  @Test
  void aClusterHeldBackAfterItRecoveredSaysSoAndUntilWhen() {
    String holdDown =
        "recovered at 2025-06-01T11:59:00Z: takes no new replicas until"
            + " 2025-06-01T12:01:00Z (recovery hold-down)";
    Cluster a = cluster("a").readiness(Readiness.NOT_READY, holdDown).build();
    Cluster b = cluster("b").build();

    Decision decision = place(workload("web").replicas(2).build(), a, b);

    assertThat(verdict(decision, "a").reason()).isEqualTo(holdDown);
    assertThat(decision.summary()).contains("1 " + holdDown);
  }

  @Test
  void aFailedClusterSaysWhyInTheCallersWords() {
    Cluster a = cluster("a").readiness(Readiness.FAILED, "its agent never connected").build();
    Cluster b = cluster("b").build();

    Decision decision = place(workload("web").build(), a, b);

    assertThat(decision.filtered()).containsOnlyKeys("its agent never connected");
  }

  @Test
  void withoutAReasonTheWordingIsTheEnginesOwn() {
    Cluster a = cluster("a").readiness(Readiness.FAILED).build();

    Decision decision = place(workload("web").build(), a);

    assertThat(decision.filtered())
        .containsOnlyKeys("failed (not ready for longer than the grace period)");
  }

  @Test
  void verdictsGiveThePricePerHourAndTheUtilizationAfterPlacement() {
    // 1 per core-hour and 0.5 per GiB-hour; 2 replicas of 500m and 1Gi on 8 cores, 32Gi.
    Cluster a = cluster("a").price(1, 0.5).allocated(2000, 0, 0).build();

    Decision decision = place(workload("web").replicas(2).memory(GI).build(), a);

    ClusterVerdict verdict = verdict(decision, "a");
    assertThat(verdict.pricePerHour()).isCloseTo(2 * (0.5 + 0.5), within(1e-9));
    // cpu is the fullest: (2000m + 2 x 500m) / 8000m.
    assertThat(verdict.utilizationPercent()).isCloseTo(37.5, within(1e-9));
  }

  @Test
  void aSpreadThatCannotBeMetLeavesAFullPlacementPlacedAndSaysSoApart() {
    Cluster a = cluster("a").zone("z1").build();
    Cluster b = cluster("b").zone("z1").build();
    Workload web = workload("web").replicas(4).spread(ZONE, 2).build();

    Decision decision = place(web, a, b);

    assertThat(decision.placedReplicas()).isEqualTo(4);
    assertThat(decision.outcome()).isEqualTo(Outcome.PLACED);
    assertThat(decision.unmetSpread())
        .singleElement()
        .asString()
        .startsWith("spread over zone: 1 of 2 groups");
  }
}
