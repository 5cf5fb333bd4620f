package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.EU;
import static io.ubernetes.placement.Fleet.cluster;
import static io.ubernetes.placement.Fleet.place;
import static io.ubernetes.placement.Fleet.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Decision.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data residency is a selector, and selectors are never relaxed: not for failover, not to burst.
 */
class DataResidencyTest {
  private static final String FAILED = "failed (not ready for longer than the grace period)";
  private static final String NOT_EU = "region not in [eu-central, eu-west]";

  static Stream<Arguments> withAndWithoutBursting() {
    return Stream.of(
        argumentSet("without a burst policy", false),
        argumentSet("with a burst policy listing the non-EU cloud tier", true));
  }

  private static Fleet.WorkloadBuilder euWorkload(boolean bursting) {
    var builder = workload("ledger").inRegions(EU);
    if (bursting) {
      builder.burst(0.8, Duration.ofMinutes(10), "onprem", "cloud");
    }
    return builder;
  }

  @ParameterizedTest
  @MethodSource("withAndWithoutBursting")
  void placesEuResidencyWorkloadNowhereWhenEveryEuClusterFailed(boolean bursting) {
    // Two replicas even run outside the EU (placed before the rule was set): they go too.
    Workload ledger =
        euWorkload(bursting)
            .replicas(6)
            .current("fra", 3)
            .current("dub", 3)
            .current("iad", 2)
            .build();

    Decision decision =
        place(
            ledger,
            cluster("fra")
                .region("eu-central")
                .tier("onprem")
                .readiness(Readiness.FAILED)
                .allocated(1500, 0, 3)
                .build(),
            cluster("dub")
                .region("eu-west")
                .tier("onprem")
                .readiness(Readiness.FAILED)
                .allocated(1500, 0, 3)
                .build(),
            cluster("iad").region("us-east").tier("cloud").price(0.1).allocated(1000, 0, 2).build(),
            cluster("sfo").region("us-west").tier("cloud").price(0.1).build());

    assertThat(decision.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
    assertThat(decision.replicas()).isEmpty();
    assertThat(decision.summary())
        .isEqualTo("0/6 replicas placed; 0/4 clusters fit: 2 " + FAILED + ", 2 " + NOT_EU);
    assertThat(decision.filtered())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(FAILED, List.of("dub", "fra"), NOT_EU, List.of("iad", "sfo")));
  }

  @ParameterizedTest
  @MethodSource("withAndWithoutBursting")
  void placesWhatFitsInTheEuWhenOneEuClusterFailed(boolean bursting) {
    Workload ledger = euWorkload(bursting).replicas(6).current("fra", 6).build();

    Decision decision =
        place(
            ledger,
            cluster("fra")
                .region("eu-central")
                .tier("onprem")
                .readiness(Readiness.FAILED)
                .allocated(3000, 0, 6)
                .build(),
            // Room for 2 replicas of 500m.
            cluster("dub").region("eu-west").tier("onprem").cpu(1000).build(),
            cluster("iad").region("us-east").tier("cloud").build());

    assertThat(decision.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(decision.replicas()).containsExactlyEntriesOf(Map.of("dub", 2));
    assertThat(decision.summary())
        .startsWith("2/6 replicas")
        .endsWith("; 1/3 clusters fit: 1 " + FAILED + ", 1 " + NOT_EU);
  }

  @Test
  void keepsEuReplicasOnNotReadyEuClustersRatherThanMovingThemOut() {
    Workload ledger = euWorkload(false).replicas(8).current("fra", 3).current("dub", 3).build();

    Decision decision =
        place(
            ledger,
            cluster("fra")
                .region("eu-central")
                .readiness(Readiness.NOT_READY)
                .allocated(1500, 0, 3)
                .build(),
            cluster("dub")
                .region("eu-west")
                .readiness(Readiness.NOT_READY)
                .allocated(1500, 0, 3)
                .build(),
            cluster("iad").region("us-east").build());

    assertThat(decision.replicas()).containsExactlyInAnyOrderEntriesOf(Map.of("fra", 3, "dub", 3));
    assertThat(decision.outcome()).isEqualTo(Outcome.PARTIAL);
  }

  @Test
  void burstsEuResidencyWorkloadOnlyIntoEuClouds() {
    Workload ledger = euWorkload(true).replicas(10).build();
    // 4 cores on-prem: 6 replicas of 500m stay at or below 80% (75%), the 7th would be 87.5%.
    Cluster fra = cluster("fra").region("eu-central").tier("onprem").cpu(4000).build();
    Cluster iad = cluster("iad").region("us-east").tier("cloud").price(0.1).build();
    Cluster dub = cluster("dub").region("eu-west").tier("cloud").build();

    Decision withoutEuCloud = place(ledger, fra, iad);
    Decision withEuCloud = place(ledger, fra, iad, dub);

    // Without an EU cloud, on-prem fills past its ceiling up to its capacity; the rest waits.
    assertThat(withoutEuCloud.replicas()).containsExactlyEntriesOf(Map.of("fra", 8));
    assertThat(withoutEuCloud.outcome()).isEqualTo(Outcome.PARTIAL);
    assertThat(withoutEuCloud.filtered()).containsExactlyEntriesOf(Map.of(NOT_EU, List.of("iad")));
    // With one, the overflow goes there.
    assertThat(withEuCloud.replicas())
        .containsExactlyInAnyOrderEntriesOf(Map.of("fra", 6, "dub", 4));
    assertThat(withEuCloud.outcome()).isEqualTo(Outcome.PLACED);
  }
}
