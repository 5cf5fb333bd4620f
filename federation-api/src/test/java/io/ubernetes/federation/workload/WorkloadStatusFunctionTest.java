package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.PlacementDecision.Outcome;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadStatusFunctionTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final String EARLIER = "2026-12-06T09:00:00Z";
  private static final String INSUFFICIENT_CPU = "0/4 nodes are available: 4 Insufficient cpu.";
  private static final String SILENT =
      "cluster unreachable since 2026-12-06T09:59:00Z: No heartbeat since 2026-12-06T09:58:20Z";

  /**
   * One named case: the function's inputs and what the status must say.
   *
   * @param decision null for a workload never placed
   */
  record Case(
      PlacementDecision decision,
      Map<String, ClusterReport> reports,
      Map<String, String> unreachable,
      long generation,
      List<Condition> previous,
      Consumer<WorkloadStatus> expected) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        argumentSet(
            "first placement: every share placed and progressing, nothing ready yet",
            new Case(
                placed(Map.of("a", 2, "b", 2), 4),
                Map.of(),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertThat(status.observedGeneration()).isEqualTo(1L);
                  assertThat(status.conditions())
                      .extracting(Condition::type)
                      .containsExactly("Scheduled", "Moving", "Applied", "Ready");
                  assertCondition(status, "Scheduled", "True", "Placed", "4 replicas placed");
                  assertCondition(
                      status, "Moving", "False", "Settled", "replicas run where they are placed");
                  assertCondition(
                      status, "Applied", "False", "Applying", "0 of 2 clusters run generation 1");
                  assertCondition(status, "Ready", "False", "NotReady", "0/4 replicas ready");
                  assertThat(status.clusters())
                      .containsExactly(
                          ClusterReplicas.placed("a", 2, null),
                          ClusterReplicas.placed("b", 2, null));
                  assertCounts(status, 4, 4, 0, 0, 0);
                  assertThat(status.conditions())
                      .extracting(Condition::lastTransitionTime)
                      .containsOnly(NOW.toString());
                })),
        argumentSet(
            "reports folded: each share's counts, the totals, Applied",
            new Case(
                placed(Map.of("a", 2, "b", 2), 4),
                Map.of("a", report("a", 1, 2, 2), "b", report("b", 1, 2, 1)),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertThat(status.clusters())
                      .containsExactly(
                          new ClusterReplicas("a", 2, null, 2, 2, 2, "Healthy", null),
                          new ClusterReplicas("b", 2, null, 2, 1, 1, "Progressing", null));
                  assertCondition(
                      status, "Applied", "True", "Applied", "Generation 1 runs in every cluster");
                  assertCondition(status, "Ready", "False", "NotReady", "3/4 replicas ready");
                  assertCounts(status, 4, 4, 4, 3, 3);
                })),
        argumentSet(
            "every replica ready: Ready",
            new Case(
                placed(Map.of("a", 2, "b", 2), 4),
                Map.of("a", report("a", 1, 2, 2), "b", report("b", 1, 2, 2)),
                Map.of(),
                1,
                List.of(),
                status -> assertCondition(status, "Ready", "True", "Ready", "4/4 replicas ready"))),
        argumentSet(
            "updated and available replicas as the agent tells them, capped at the share",
            new Case(
                placed(Map.of("a", 3), 3),
                Map.of("a", new ClusterReport("a", 1, true, 5, 3, 2, 1, List.of(), List.of())),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertThat(status.cluster("a"))
                      .isEqualTo(new ClusterReplicas("a", 3, null, 2, 3, 1, "Healthy", null));
                  assertCounts(status, 3, 3, 2, 3, 1);
                })),
        argumentSet(
            "cluster unreachable: its share Unknown, its ready replicas not counted",
            new Case(
                placed(Map.of("a", 2, "b", 2), 4),
                Map.of("a", report("a", 1, 2, 2), "b", report("b", 1, 2, 2)),
                Map.of("a", SILENT),
                1,
                List.of(),
                status -> {
                  assertThat(status.cluster("a"))
                      .isEqualTo(
                          new ClusterReplicas("a", 2, null, null, null, null, "Unknown", SILENT));
                  assertCounts(status, 4, 4, 2, 2, 2);
                  assertCondition(
                      status, "Ready", "False", "NotReady", "2/4 replicas ready; a: " + SILENT);
                })),
        argumentSet(
            "degraded: the member's own message on the share and in Ready",
            new Case(
                placed(Map.of("a", 2, "b", 2), 4),
                Map.of(
                    "a",
                    new ClusterReport(
                        "a",
                        1,
                        true,
                        2,
                        0,
                        null,
                        null,
                        List.of(),
                        List.of(
                            new PodIssue(PodIssue.UNSCHEDULABLE, INSUFFICIENT_CPU, 2, EARLIER))),
                    "b",
                    report("b", 1, 2, 2)),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertThat(status.cluster("a").health()).isEqualTo("Degraded");
                  assertThat(status.cluster("a").message())
                      .isEqualTo("2 pods Pending: " + INSUFFICIENT_CPU);
                  assertCondition(
                      status,
                      "Ready",
                      "False",
                      "NotReady",
                      "2/4 replicas ready; a: 2 pods Pending: " + INSUFFICIENT_CPU);
                })),
        argumentSet(
            "manifests not applied: ApplyFailed naming the cluster, the share Degraded",
            new Case(
                placed(Map.of("a", 2), 2),
                Map.of(
                    "a",
                    new ClusterReport(
                        "a",
                        1,
                        false,
                        0,
                        0,
                        null,
                        null,
                        List.of("Deployment web: forbidden"),
                        null)),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertCondition(
                      status, "Applied", "False", "ApplyFailed", "a: Deployment web: forbidden");
                  assertThat(status.cluster("a").health()).isEqualTo("Degraded");
                  assertThat(status.cluster("a").message())
                      .isEqualTo("not applied: Deployment web: forbidden");
                })),
        argumentSet(
            "more than five clusters in trouble: five named, the rest counted",
            new Case(
                placed(Map.of("a", 1, "b", 1, "c", 1, "d", 1, "e", 1, "f", 1, "g", 1), 7),
                Map.of(),
                Map.of(
                    "a", "gone", "b", "gone", "c", "gone", "d", "gone", "e", "gone", "f", "gone",
                    "g", "gone"),
                1,
                List.of(),
                status ->
                    assertCondition(
                        status,
                        "Ready",
                        "False",
                        "NotReady",
                        "0/7 replicas ready; a: gone; b: gone; c: gone; d: gone; e: gone;"
                            + " and 2 more clusters"))),
        argumentSet(
            "make-before-break move: Moving, the cluster being emptied still counted",
            new Case(
                new PlacementDecision(
                    1,
                    Outcome.PLACED,
                    "2 replicas placed",
                    false,
                    List.of(),
                    "b: 1 of 2 replicas ready",
                    Map.of("a", 2, "b", 2),
                    Map.of("b", 2),
                    2),
                Map.of("a", report("a", 1, 2, 2), "b", report("b", 1, 1, 1)),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertCondition(
                      status, "Moving", "True", "MakeBeforeBreak", "b: 1 of 2 replicas ready");
                  assertThat(status.cluster("a").targetReplicas()).isEqualTo(0);
                  assertThat(status.cluster("b").targetReplicas()).isNull();
                  assertCounts(status, 2, 4, 3, 3, 3);
                  assertCondition(
                      status,
                      "Ready",
                      "True",
                      "Ready",
                      "2/2 replicas ready (1 more on clusters a move is emptying)");
                  assertCondition(
                      status, "Applied", "True", "Applied", "Generation 1 runs in every cluster");
                })),
        argumentSet(
            "clusters the replicas left are dropped, with what they reported",
            new Case(
                placed(Map.of("b", 2), 2),
                Map.of(
                    "a",
                    new ClusterReport(
                        "a", 1, false, 2, 2, null, null, List.of("Service web: conflict"), null),
                    "b",
                    report("b", 1, 2, 2)),
                Map.of("a", "no longer a member of the federation"),
                1,
                List.of(),
                status -> {
                  assertThat(status.clusters())
                      .extracting(ClusterReplicas::name)
                      .containsExactly("b");
                  assertCondition(
                      status, "Applied", "True", "Applied", "Generation 1 runs in every cluster");
                  assertCondition(status, "Ready", "True", "Ready", "2/2 replicas ready");
                })),
        argumentSet(
            "partial placement: PartiallyPlaced, and Ready says what is not placed",
            new Case(
                new PlacementDecision(
                    1,
                    Outcome.PARTIAL,
                    "3 of 4 replicas placed; 1 replica fits no cluster",
                    false,
                    List.of(),
                    "",
                    Map.of("a", 3),
                    Map.of("a", 3),
                    4),
                Map.of("a", report("a", 1, 3, 3)),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertCondition(
                      status,
                      "Scheduled",
                      "False",
                      "PartiallyPlaced",
                      "3 of 4 replicas placed; 1 replica fits no cluster");
                  assertCondition(
                      status, "Ready", "False", "NotReady", "3/4 replicas ready (1 not placed)");
                })),
        argumentSet(
            "unschedulable: no shares at all",
            new Case(
                new PlacementDecision(
                    1,
                    Outcome.UNSCHEDULABLE,
                    "0/3 clusters are available: 3 Insufficient cpu",
                    false,
                    List.of(),
                    "",
                    Map.of(),
                    Map.of(),
                    2),
                Map.of(),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertCondition(
                      status,
                      "Scheduled",
                      "False",
                      "Unschedulable",
                      "0/3 clusters are available: 3 Insufficient cpu");
                  assertThat(status.clusters()).isEmpty();
                  assertCondition(
                      status, "Applied", "False", "Applying", "0 of 0 clusters run generation 1");
                  assertCondition(
                      status, "Ready", "False", "NotReady", "0/2 replicas ready (2 not placed)");
                })),
        argumentSet(
            "spread asked for and met",
            new Case(
                spread(List.of()),
                Map.of(),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertCondition(
                      status,
                      "Spread",
                      "True",
                      "Satisfied",
                      "replicas run in as many topology groups as the placement asks");
                  assertThat(status.conditions())
                      .extracting(Condition::type)
                      .containsExactly("Scheduled", "Spread", "Moving", "Applied", "Ready");
                })),
        argumentSet(
            "spread unmet: a condition of its own, not a partial placement",
            new Case(
                spread(List.of("zone: 1 of 2 groups have replicas", "region: 1 of 2")),
                Map.of(),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertCondition(
                      status,
                      "Spread",
                      "False",
                      "TooFewGroups",
                      "zone: 1 of 2 groups have replicas; region: 1 of 2");
                  assertCondition(status, "Scheduled", "True", "Placed", "4 replicas placed");
                })),
        argumentSet(
            "spread no longer asked for: the condition goes",
            new Case(
                placed(Map.of("a", 2), 2),
                Map.of(),
                Map.of(),
                1,
                List.of(new Condition("Spread", "True", "Satisfied", "met", EARLIER, 1L)),
                status ->
                    assertThat(status.conditions())
                        .extracting(Condition::type)
                        .doesNotContain("Spread"))),
        argumentSet(
            "generation changed, not decided again yet: old reports count no updated replicas",
            new Case(
                placed(Map.of("a", 2), 2),
                Map.of("a", report("a", 1, 2, 2)),
                Map.of(),
                2,
                List.of(),
                status -> {
                  assertThat(status.observedGeneration()).isEqualTo(1L);
                  assertThat(Conditions.find(status.conditions(), "Scheduled").observedGeneration())
                      .isEqualTo(1L);
                  assertCondition(
                      status, "Applied", "False", "Applying", "0 of 1 clusters run generation 2");
                  assertThat(Conditions.find(status.conditions(), "Applied").observedGeneration())
                      .isEqualTo(2L);
                  assertThat(Conditions.find(status.conditions(), "Ready").observedGeneration())
                      .isEqualTo(2L);
                  assertCounts(status, 2, 2, 0, 2, 2);
                })),
        argumentSet(
            "transition times: kept where the status stays, now where it changes",
            new Case(
                placed(Map.of("a", 2), 2),
                Map.of("a", report("a", 1, 2, 2)),
                Map.of(),
                1,
                List.of(
                    new Condition("Scheduled", "True", "Placed", "2 replicas placed", EARLIER, 1L),
                    new Condition("Moving", "False", "Settled", "settled", EARLIER, 1L),
                    new Condition("Ready", "False", "NotReady", "0/2 replicas ready", EARLIER, 1L),
                    new Condition("Applied", "False", "Applying", "0 of 1", EARLIER, 1L)),
                status -> {
                  assertThat(status.conditions())
                      .extracting(Condition::type, Condition::lastTransitionTime)
                      .containsExactly(
                          tuple("Scheduled", EARLIER),
                          tuple("Moving", EARLIER),
                          tuple("Ready", NOW.toString()),
                          tuple("Applied", NOW.toString()));
                  assertCondition(status, "Ready", "True", "Ready", "2/2 replicas ready");
                })),
        argumentSet(
            "never placed: only Applied and Ready, nothing counted",
            new Case(
                null,
                Map.of("a", report("a", 1, 2, 2)),
                Map.of(),
                1,
                List.of(),
                status -> {
                  assertThat(status.observedGeneration()).isNull();
                  assertThat(status.clusters()).isEmpty();
                  assertThat(status.conditions())
                      .extracting(Condition::type)
                      .containsExactly("Applied", "Ready");
                  assertCondition(status, "Ready", "False", "NotReady", "0/0 replicas ready");
                  assertCounts(status, 0, 0, 0, 0, 0);
                })),
        argumentSet(
            "objects: a Degraded one names its cluster and reason, an unreachable cluster's none",
            new Case(
                placed(Map.of("a", 1, "b", 1, "c", 1), 3),
                Map.of(
                    "a",
                    withObjects(
                        "a",
                        object("Job", "migrate", ObjectStatus.DEGRADED, "BackoffLimitExceeded")),
                    "b",
                    withObjects(
                        "b", object("Database", "orders", ObjectStatus.PROGRESSING, "Creating")),
                    "c",
                    withObjects(
                        "c", object("Job", "migrate", ObjectStatus.DEGRADED, "DeadlineExceeded"))),
                Map.of("c", SILENT),
                1,
                List.of(),
                status -> {
                  assertCondition(
                      status,
                      "ObjectsHealthy",
                      "False",
                      "ObjectDegraded",
                      "a: Job shop/migrate Degraded: BackoffLimitExceeded");
                  assertThat(status.cluster("a").health()).isEqualTo(ClusterReplicas.DEGRADED);
                  assertThat(status.cluster("a").message())
                      .isEqualTo("Job shop/migrate Degraded: BackoffLimitExceeded");
                  assertThat(status.cluster("c").objects()).hasSize(1);
                })),
        argumentSet(
            "objects: progressing until every judged one is Healthy",
            new Case(
                placed(Map.of("a", 1), 1),
                Map.of(
                    "a",
                    withObjects(
                        "a",
                        object("Database", "orders", ObjectStatus.PROGRESSING, "Creating"),
                        object("Widget", "w", null, null))),
                Map.of(),
                1,
                List.of(),
                status ->
                    assertCondition(
                        status,
                        "ObjectsHealthy",
                        "False",
                        "ObjectsProgressing",
                        "a: Database shop/orders Progressing: Creating"))),
        argumentSet(
            "objects: all healthy, one without a rule",
            new Case(
                placed(Map.of("a", 1), 1),
                Map.of(
                    "a",
                    withObjects(
                        "a",
                        object("Job", "migrate", ObjectStatus.HEALTHY, "Complete"),
                        object("Widget", "w", null, null))),
                Map.of(),
                1,
                List.of(),
                status ->
                    assertCondition(
                        status,
                        "ObjectsHealthy",
                        "True",
                        "AllHealthy",
                        "1 object healthy; 1 without a health rule"))));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void computesTheStatus(Case given) {
    WorkloadStatus status = compute(given.decision(), given, given.previous());

    given.expected().accept(status);
  }

  /**
   * Between decisions the status is computed from the decision it records: that decision must give
   * the status back as it was, so that a report that changes nothing changes nothing.
   */
  @ParameterizedTest
  @MethodSource("cases")
  void theDecisionAStatusRecordsGivesTheSameStatusAgain(Case given) {
    WorkloadStatus status = compute(given.decision(), given, given.previous());

    PlacementDecision recorded = PlacementDecision.recordedIn(status);
    WorkloadStatus again = compute(recorded, given, status.conditions());

    assertThat(again).isEqualTo(status);
  }

  private static WorkloadStatus compute(
      PlacementDecision decision, Case given, List<Condition> previous) {
    return WorkloadStatusFunction.compute(
        decision, given.reports(), given.unreachable(), given.generation(), NOW, previous);
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

  private static PlacementDecision spread(List<String> unmet) {
    return new PlacementDecision(
        1,
        Outcome.PLACED,
        "4 replicas placed",
        true,
        unmet,
        null,
        Map.of("a", 2, "b", 2),
        Map.of("a", 2, "b", 2),
        4);
  }

  /** An applied report of an agent that does not tell updated and available replicas apart. */
  private static ObjectStatus object(String kind, String name, String health, String reason) {
    return new ObjectStatus("v1", kind, "shop", name, health, reason, null, null);
  }

  private static ClusterReport withObjects(String cluster, ObjectStatus... objects) {
    return new ClusterReport(
        cluster, 1, true, 1, 1, 1, 1, List.of(), List.of(), null, 0, List.of(objects));
  }

  private static ClusterReport report(String cluster, long generation, int replicas, int ready) {
    return new ClusterReport(
        cluster, generation, true, replicas, ready, null, null, new ArrayList<>(), null);
  }

  private static void assertCondition(
      WorkloadStatus status, String type, String state, String reason, String message) {
    Condition condition = Conditions.find(status.conditions(), type);
    assertThat(condition).as(type).isNotNull();
    assertThat(condition.status()).as(type + " status").isEqualTo(state);
    assertThat(condition.reason()).as(type + " reason").isEqualTo(reason);
    assertThat(condition.message()).as(type + " message").isEqualTo(message);
  }

  private static void assertCounts(
      WorkloadStatus status, int desired, int replicas, int updated, int ready, int available) {
    assertThat(
            List.of(
                status.desiredReplicas(),
                status.replicas(),
                status.updatedReplicas(),
                status.readyReplicas(),
                status.availableReplicas()))
        .as("desired, replicas, updated, ready, available")
        .containsExactly(desired, replicas, updated, ready, available);
  }
}
