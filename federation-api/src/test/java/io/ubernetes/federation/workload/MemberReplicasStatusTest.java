package io.ubernetes.federation.workload;

import static io.ubernetes.federation.workload.StatusAssertions.assertCounts;
import static io.ubernetes.federation.workload.StatusAssertions.assertReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.workload.PlacementDecision.Outcome;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status of a workload whose replicas the members' autoscalers own: each cluster's counts are
 * out of what it reports it runs, the totals sum those, and the shares stay what was placed.
 */
class MemberReplicasStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  record Case(
      PlacementDecision decision,
      Map<String, ClusterReport> reports,
      Map<String, String> unreachable,
      Consumer<WorkloadStatus> expected) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        argumentSet(
            "not reported yet: the shares are the starting counts",
            new Case(
                placed(Map.of("a", 2, "b", 2), 4),
                Map.of(),
                Map.of(),
                status -> {
                  assertCounts(status, 4, 4, 0, 0);
                  assertThat(status.clusters())
                      .extracting(ClusterReplicas::memberReplicas)
                      .containsOnlyNulls();
                })),
        argumentSet(
            "one scaled up, one down, all ready: ready",
            new Case(
                placed(Map.of("a", 2, "b", 2), 4),
                Map.of("a", report("a", 6, 6), "b", report("b", 1, 1)),
                Map.of(),
                status -> {
                  assertCounts(status, 7, 7, 7, 7);
                  assertThat(status.cluster("a").memberReplicas()).isEqualTo(6);
                  assertThat(status.cluster("a").replicas()).isEqualTo(2);
                  assertThat(status.cluster("a").readyReplicas()).isEqualTo(6);
                  assertThat(status.cluster("a").health()).isEqualTo(ClusterReplicas.HEALTHY);
                  assertThat(status.cluster("b").memberReplicas()).isEqualTo(1);
                  assertThat(status.cluster("b").health()).isEqualTo(ClusterReplicas.HEALTHY);
                  assertReady(status, "True", "7/7 replicas ready");
                })),
        argumentSet(
            "scaled up, new pods not ready: progressing",
            new Case(
                placed(Map.of("a", 2), 2),
                Map.of("a", report("a", 5, 2)),
                Map.of(),
                status -> {
                  assertCounts(status, 5, 5, 5, 2);
                  assertThat(status.cluster("a").health()).isEqualTo(ClusterReplicas.PROGRESSING);
                  assertReady(status, "False", "2/5 replicas ready");
                })),
        argumentSet(
            "one reported, one not yet: its share counts",
            new Case(
                placed(Map.of("a", 2, "b", 3), 5),
                Map.of("a", report("a", 4, 4)),
                Map.of(),
                status -> {
                  assertCounts(status, 7, 7, 4, 4);
                  assertReady(status, "False", "4/7 replicas ready");
                })),
        argumentSet(
            "an unreachable cluster vouches for nothing: its share counts",
            new Case(
                placed(Map.of("a", 2, "b", 3), 5),
                Map.of("a", report("a", 4, 4), "b", report("b", 9, 9)),
                Map.of("b", "cluster unreachable"),
                status -> {
                  assertCounts(status, 7, 7, 4, 4);
                  assertThat(status.cluster("b").memberReplicas()).isNull();
                  assertThat(status.cluster("b").health()).isEqualTo(ClusterReplicas.UNKNOWN);
                })),
        argumentSet(
            "a cluster a move is emptying runs replicas but is not asked for them",
            new Case(
                new PlacementDecision(
                    1,
                    Outcome.PLACED,
                    "2 replicas placed",
                    false,
                    List.of(),
                    "moving",
                    Map.of("a", 2, "b", 0),
                    Map.of("a", 0, "b", 2),
                    2),
                Map.of("a", report("a", 3, 3), "b", report("b", 1, 1)),
                Map.of(),
                status -> {
                  assertCounts(status, 1, 4, 4, 4);
                  assertReady(
                      status, "True", "1/1 replicas ready (3 more on clusters a move is emptying)");
                })));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void countsWhatTheMembersRun(Case given) {
    given.expected().accept(compute(given.decision(), given, List.of()));
  }

  /** Between decisions the status is computed from the decision it records, and must not move. */
  @ParameterizedTest
  @MethodSource("cases")
  void theDecisionAStatusRecordsGivesTheSameStatusAgain(Case given) {
    WorkloadStatus status = compute(given.decision(), given, List.of());

    WorkloadStatus again =
        compute(PlacementDecision.recordedIn(status), given, status.conditions());

    assertThat(again).isEqualTo(status);
  }

  private static WorkloadStatus compute(
      PlacementDecision decision, Case given, List<Condition> previous) {
    return WorkloadStatusFunction.compute(
        decision,
        given.reports(),
        given.unreachable(),
        1,
        null,
        ReplicaCounting.BY_MEMBERS,
        NOW,
        previous);
  }

  private static PlacementDecision placed(Map<String, Integer> shares, int desired) {
    return new PlacementDecision(
        1,
        Outcome.PLACED,
        desired + " replicas placed",
        false,
        List.of(),
        "",
        shares,
        shares,
        desired);
  }

  private static ClusterReport report(String cluster, int replicas, int ready) {
    return new ClusterReport(
        cluster, 1, true, replicas, ready, replicas, ready, List.of(), List.of());
  }
}
