package io.ubernetes.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.placement.Rollout.Bound;
import io.ubernetes.placement.Rollout.Limits;
import io.ubernetes.placement.Rollout.Step;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutTest {
  private static final Map<String, Readiness> ALL_READY =
      Map.of("a", Readiness.READY, "b", Readiness.READY, "c", Readiness.READY);

  // spotless:off
  static Stream<Arguments> limits() {
    return Stream.of(
        argumentSet("Deployment defaults on 4", 4, Bound.QUARTER, Bound.QUARTER, new Limits(1, 1)),
        argumentSet("Deployment defaults on 10: surge rounds up, unavailability down", 10, Bound.QUARTER, Bound.QUARTER, new Limits(3, 2)),
        argumentSet("Deployment defaults on 1", 1, Bound.QUARTER, Bound.QUARTER, new Limits(1, 0)),
        argumentSet("absolute numbers", 10, Bound.replicas(2), Bound.replicas(0), new Limits(2, 0)),
        argumentSet("both 0 lets one be unavailable", 10, Bound.replicas(0), Bound.percent(5), new Limits(0, 1)),
        argumentSet("nothing desired", 0, Bound.QUARTER, Bound.QUARTER, new Limits(0, 1)));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource
  void limits(int desired, Bound surge, Bound unavailable, Limits expected) {
    assertThat(Limits.of(desired, surge, unavailable)).isEqualTo(expected);
  }

  @Test
  void refusesNegativeBounds() {
    assertThatThrownBy(() -> Bound.replicas(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNewWorkloadStartsEverywhereAtOnce() {
    Step step = Rollout.step(Map.of(), Map.of("a", 3, "b", 3), Map.of(), ALL_READY, limits(6));

    assertThat(step.running()).isEqualTo(Map.of("a", 3, "b", 3));
    assertThat(step.complete()).isTrue();
    assertThat(step.summary()).isEmpty();
  }

  @Test
  void aMoveStartsTheNewReplicasBeforeRemovingTheOldOnes() {
    Limits noneUnavailable = new Limits(1, 0);
    Step first =
        Rollout.step(Map.of("a", 4), Map.of("b", 4), Map.of("a", 4), ALL_READY, noneUnavailable);

    assertThat(first.running()).isEqualTo(Map.of("a", 4, "b", 1));
    assertThat(first.complete()).isFalse();
    assertThat(first.summary())
        .isEqualTo(
            "moving: a 4 (target 0), b 0 -> 1 (target 4); 4/4 ready, at least 4 kept ready"
                + " (maxSurge 1, maxUnavailable 0)");

    // Until the new replica is ready nothing changes.
    Step waiting =
        Rollout.step(first.running(), Map.of("b", 4), Map.of("a", 4), ALL_READY, noneUnavailable);
    assertThat(waiting.running()).isEqualTo(first.running());

    // Ready: one old replica goes, and the next new one can start.
    Step second =
        Rollout.step(
            first.running(), Map.of("b", 4), Map.of("a", 4, "b", 1), ALL_READY, noneUnavailable);
    assertThat(second.running()).isEqualTo(Map.of("a", 3, "b", 1));
    Step third =
        Rollout.step(
            second.running(), Map.of("b", 4), Map.of("a", 3, "b", 1), ALL_READY, noneUnavailable);
    assertThat(third.running()).isEqualTo(Map.of("a", 3, "b", 2));
  }

  @Test
  void maxUnavailableLetsOldReplicasGoBeforeTheNewOnesAreReady() {
    Step step =
        Rollout.step(Map.of("a", 4), Map.of("b", 4), Map.of("a", 4), ALL_READY, new Limits(1, 1));

    assertThat(step.running()).isEqualTo(Map.of("a", 3, "b", 1));
  }

  @Test
  void withoutSurgeOldReplicasMakeRoomFirst() {
    Step first =
        Rollout.step(Map.of("a", 2), Map.of("b", 2), Map.of("a", 2), ALL_READY, new Limits(0, 1));
    assertThat(first.running()).isEqualTo(Map.of("a", 1));

    Step second =
        Rollout.step(first.running(), Map.of("b", 2), Map.of("a", 1), ALL_READY, new Limits(0, 1));
    assertThat(second.running()).isEqualTo(Map.of("a", 1, "b", 1));
  }

  @Test
  void replicasOfAFailedClusterAreReplacedAtOnce() {
    // Failover is not a voluntary move: what failed is not there to keep.
    Map<String, Readiness> readiness = Map.of("a", Readiness.FAILED, "b", Readiness.READY);
    Step step =
        Rollout.step(Map.of("a", 4), Map.of("b", 4), Map.of("a", 4), readiness, new Limits(1, 0));

    assertThat(step.running()).isEqualTo(Map.of("b", 4));
    assertThat(step.complete()).isTrue();
  }

  @Test
  void aClusterThatLeftTheFleetCountsAsFailed() {
    Step step =
        Rollout.step(
            Map.of("gone", 2, "b", 2),
            Map.of("b", 4),
            Map.of("gone", 2, "b", 2),
            Map.of("b", Readiness.READY),
            new Limits(1, 0));

    assertThat(step.running()).isEqualTo(Map.of("b", 4));
  }

  @Test
  void replicasReportedNotReadyGoAtOnce() {
    Step step =
        Rollout.step(Map.of("a", 4), Map.of("b", 4), Map.of("a", 1), ALL_READY, new Limits(1, 0));

    // Three of a's replicas serve nothing; the ready one stays until b's are ready.
    assertThat(step.running()).isEqualTo(Map.of("a", 1, "b", 1));
  }

  @Test
  void anUncertainClusterCountsAsUnavailableAndKeepsItsReplicasWhileTheRestFallShort() {
    Map<String, Readiness> readiness = Map.of("a", Readiness.NOT_READY, "b", Readiness.READY);
    Step short_ =
        Rollout.step(
            Map.of("a", 2, "b", 2),
            Map.of("b", 4),
            Map.of("a", 2, "b", 2),
            readiness,
            new Limits(2, 0));
    assertThat(short_.running()).isEqualTo(Map.of("a", 2, "b", 4));

    Step enough =
        Rollout.step(
            short_.running(), Map.of("b", 4), Map.of("a", 2, "b", 4), readiness, new Limits(2, 0));
    assertThat(enough.running()).isEqualTo(Map.of("b", 4));
  }

  @Test
  void anUncertainClusterDoesNotLetReadyReplicasElsewhereGo() {
    // c's replicas may be serving, but nobody knows: a's ready ones stay until b's are ready.
    Map<String, Readiness> readiness =
        Map.of("a", Readiness.READY, "b", Readiness.READY, "c", Readiness.NOT_READY);
    Step step =
        Rollout.step(
            Map.of("a", 2, "c", 2),
            Map.of("b", 2, "c", 2),
            Map.of("a", 2, "c", 2),
            readiness,
            new Limits(2, 1));

    assertThat(step.running()).isEqualTo(Map.of("a", 2, "b", 2, "c", 2));
  }

  @Test
  void scalingDownRemovesAtOnceWhatTheSmallerTargetDoesNotNeed() {
    Step step =
        Rollout.step(
            Map.of("a", 6, "b", 4), Map.of("a", 6), Map.of("a", 6, "b", 4), ALL_READY, limits(6));

    assertThat(step.running()).isEqualTo(Map.of("a", 6));
  }

  @Test
  void scalingUpStartsEverythingAtOnce() {
    Step step =
        Rollout.step(Map.of("a", 2), Map.of("a", 6, "b", 4), Map.of("a", 2), ALL_READY, limits(10));

    assertThat(step.running()).isEqualTo(Map.of("a", 6, "b", 4));
  }

  @Test
  void aReportAboveWhatRunsCountsOnlyWhatRuns() {
    // A stale report of 9 ready replicas where 2 now run vouches for 2.
    Step step =
        Rollout.step(
            Map.of("a", 2, "b", 2),
            Map.of("c", 4),
            Map.of("a", 9, "b", 2),
            ALL_READY,
            new Limits(4, 0));

    assertThat(step.running()).isEqualTo(Map.of("a", 2, "b", 2, "c", 4));
  }

  private static Limits limits(int desired) {
    return Limits.of(desired, Bound.QUARTER, Bound.QUARTER);
  }
}
