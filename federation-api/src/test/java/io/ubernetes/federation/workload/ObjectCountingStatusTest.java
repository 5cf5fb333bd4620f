package io.ubernetes.federation.workload;

import static io.ubernetes.federation.workload.StatusAssertions.assertCounts;
import static io.ubernetes.federation.workload.StatusAssertions.assertReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.PlacementDecision.Outcome;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status of a workload whose template runs no pods the agents count (a definition, a role, a
 * custom resource, a Job): a cluster's share is ready once the cluster applied it and none of its
 * objects is Degraded or still Progressing, although the cluster reports no ready replicas.
 */
class ObjectCountingStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Case(
      Map<String, ClusterReport> reports,
      Map<String, String> unreachable,
      Consumer<WorkloadStatus> expected) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        argumentSet(
            "applied everywhere, objects healthy or without a rule: ready",
            new Case(
                Map.of(
                    "a", report(1, true, object("Healthy"), object(null)),
                    "b", report(1, true, object("Unknown"))),
                Map.of(),
                status -> {
                  assertCounts(status, 2, 2, 2, 2);
                  assertThat(status.cluster("a").health()).isEqualTo(ClusterReplicas.HEALTHY);
                  assertReady(status, "True", "2/2 replicas ready");
                })),
        argumentSet(
            "an object still progressing holds its cluster back",
            new Case(
                Map.of(
                    "a", report(1, true, object("Healthy")),
                    "b", report(1, true, object("Healthy"), object("Progressing"))),
                Map.of(),
                status -> {
                  assertCounts(status, 2, 2, 2, 1);
                  assertThat(status.cluster("b").readyReplicas()).isZero();
                  assertThat(status.cluster("b").health()).isEqualTo(ClusterReplicas.PROGRESSING);
                  assertReady(status, "False", "1/2 replicas ready");
                })),
        argumentSet(
            "a degraded object: not ready, and the cluster says why",
            new Case(
                Map.of(
                    "a", report(1, true, object("Healthy")),
                    "b", report(1, true, object("Degraded"))),
                Map.of(),
                status -> {
                  assertCounts(status, 2, 2, 2, 1);
                  assertThat(status.cluster("b").health()).isEqualTo(ClusterReplicas.DEGRADED);
                  assertThat(Conditions.find(status.conditions(), "Ready").message())
                      .startsWith("1/2 replicas ready; b: Widget widgets/w1 Degraded");
                })),
        argumentSet(
            "not applied (a manifest refused): neither ready nor updated",
            new Case(
                Map.of("a", report(1, true), "b", report(1, false)),
                Map.of(),
                status -> {
                  assertCounts(status, 2, 2, 1, 1);
                  assertThat(status.cluster("b").readyReplicas()).isZero();
                })),
        argumentSet(
            "an older generation still applied and healthy: ready, not updated",
            new Case(
                Map.of("a", report(1, true), "b", report(0, true)),
                Map.of(),
                status -> assertCounts(status, 2, 2, 1, 2))),
        argumentSet(
            "not reported yet, or unreachable: vouches for nothing",
            new Case(
                Map.of("b", report(1, true)),
                Map.of("b", "cluster unreachable"),
                status -> {
                  assertCounts(status, 2, 2, 0, 0);
                  assertThat(status.cluster("a").health()).isEqualTo(ClusterReplicas.PROGRESSING);
                  assertThat(status.cluster("b").health()).isEqualTo(ClusterReplicas.UNKNOWN);
                })));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void countsEachClustersCopyOfTheObjects(Case given) {
    PlacementDecision decision =
        new PlacementDecision(
            1,
            Outcome.PLACED,
            "2 replicas placed",
            false,
            List.of(),
            "",
            Map.of("a", 1, "b", 1),
            Map.of("a", 1, "b", 1),
            2);

    WorkloadStatus status =
        WorkloadStatusFunction.compute(
            decision,
            given.reports(),
            given.unreachable(),
            1,
            null,
            ReplicaCounting.BY_OBJECTS,
            NOW,
            List.of());

    given.expected().accept(status);
  }

  @Test
  void onlyKindsThatCountTheirPodsAreCountedByPods() {
    assertThat(ReplicaCounting.of(spec("apps/v1", "Deployment", null)))
        .isEqualTo(ReplicaCounting.PLACED);
    assertThat(ReplicaCounting.of(spec("apps/v1", "DaemonSet", null)))
        .isEqualTo(ReplicaCounting.PLACED);
    assertThat(ReplicaCounting.of(spec("apps/v1", "StatefulSet", new Autoscaling("Member"))))
        .isEqualTo(ReplicaCounting.BY_MEMBERS);
    assertThat(ReplicaCounting.of(spec("batch/v1", "Job", null)))
        .isEqualTo(ReplicaCounting.BY_OBJECTS);
    assertThat(
            ReplicaCounting.of(spec("apiextensions.k8s.io/v1", "CustomResourceDefinition", null)))
        .isEqualTo(ReplicaCounting.BY_OBJECTS);
    assertThat(ReplicaCounting.of(spec("example.com/v1", "Widget", null)))
        .isEqualTo(ReplicaCounting.BY_OBJECTS);
  }

  private static WorkloadSpec spec(String apiVersion, String kind, Autoscaling autoscaling) {
    return new WorkloadSpec(
        JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind),
        null,
        1,
        null,
        null,
        null,
        null,
        null,
        null,
        autoscaling,
        null,
        null);
  }

  private static ObjectStatus object(String health) {
    return new ObjectStatus(
        "example.com/v1", "Widget", "widgets", "w1", health, null, null, Map.of());
  }

  private static ClusterReport report(long generation, boolean applied, ObjectStatus... objects) {
    return new ClusterReport(
        "c",
        generation,
        applied,
        0,
        0,
        null,
        null,
        List.of(),
        List.of(),
        null,
        null,
        List.of(objects));
  }
}
