package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the agent tells how each object of a workload is doing, and the fields asked of it. */
class ObjectStatusIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  private static Job job() {
    return new JobBuilder()
        .withNewMetadata()
        .withName("migrate")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(3)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("migrate")
        .withImage("migrate:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static WorkItem withFeedback(WorkItem item, FeedbackRule... rules) {
    return new WorkItem(
        item.workloadUid(),
        item.namespace(),
        item.name(),
        item.generation(),
        item.revision(),
        item.manifests(),
        item.error(),
        item.workloadRevision(),
        item.replicasOwnedByMember(),
        List.of(rules));
  }

  private void run(WorkItem item) {
    harness.federation.feed(0, new WorkFeed(1, List.of(item), List.of()));
    harness.federation.idleAt(1);
    harness.start();
  }

  private Optional<ObjectStatus> reported(String uid, String kind, String name) {
    return harness.federation.statusReports().reversed().stream()
        .flatMap(r -> r.workloads().stream())
        .filter(w -> w.workloadUid().equals(uid))
        .findFirst()
        .map(WorkloadReport::objects)
        .flatMap(
            objects ->
                objects.stream()
                    .filter(o -> o.kind().equals(kind) && o.name().equals(name))
                    .findFirst());
  }

  @Test
  void aJobThatFailsIsReportedDegradedWithItsReasonAndTheFieldsAskedOfIt() {
    run(
        withFeedback(
            item("shop", "migrate", 1, 1, job()),
            new FeedbackRule(
                "batch/v1",
                "Job",
                null,
                List.of(
                    new FeedbackRule.FeedbackPath("failed", ".status.failed"),
                    new FeedbackRule.FeedbackPath(
                        "failedReason", "{.status.conditions[?(@.type==\"Failed\")].reason}"),
                    new FeedbackRule.FeedbackPath("missing", ".status.notAField")))));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(reported("uid-shop-migrate", "Job", "migrate"))
                    .hasValueSatisfying(
                        job -> assertThat(job.health()).isEqualTo(ObjectStatus.PROGRESSING)));

    // What the Job controller writes once the pods failed more often than the backoff limit.
    Job live = harness.kube.batch().v1().jobs().inNamespace("shop").withName("migrate").get();
    live.setStatus(
        new JobStatusBuilder()
            .withFailed(4)
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason("BackoffLimitExceeded")
            .withMessage("Job has reached the specified backoff limit")
            .withLastTransitionTime("2026-12-06T10:00:00Z")
            .endCondition()
            .build());
    harness.kube.batch().v1().jobs().inNamespace("shop").resource(live).updateStatus();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(reported("uid-shop-migrate", "Job", "migrate"))
                    .contains(
                        new ObjectStatus(
                            "batch/v1",
                            "Job",
                            "shop",
                            "migrate",
                            ObjectStatus.DEGRADED,
                            "BackoffLimitExceeded",
                            "Job has reached the specified backoff limit",
                            Map.of("failed", 4, "failedReason", List.of("BackoffLimitExceeded")))));
  }

  @Test
  void aCustomResourceIsJudgedByItsReadyCondition() {
    harness
        .kube
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("databases.db.example.com")
                .endMetadata()
                .withNewSpec()
                .withGroup("db.example.com")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Database")
                .withPlural("databases")
                .withSingular("database")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .endVersion()
                .endSpec()
                // Established, as the member's API server makes it: the agent holds a custom
                // resource back until its definition is.
                .withNewStatus()
                .addNewCondition()
                .withType("Established")
                .withStatus("True")
                .withReason("InitialNamesAccepted")
                .endCondition()
                .endStatus()
                .build())
        .create();
    GenericKubernetesResource orders =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("db.example.com/v1")
            .withKind("Database")
            .withNewMetadata()
            .withName("orders")
            .withNamespace("shop")
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("size", "10Gi"))
            .build();
    run(
        withFeedback(
            item("shop", "orders", 1, 1, orders),
            new FeedbackRule(
                null,
                "Database",
                "orders",
                List.of(new FeedbackRule.FeedbackPath("endpoint", ".status.endpoint")))));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(reported("uid-shop-orders", "Database", "orders"))
                    .hasValueSatisfying(
                        db -> {
                          // No condition yet: no built-in rule knows it.
                          assertThat(db.health()).isNull();
                          assertThat(db.feedback()).isEmpty();
                        }));

    // What the database operator writes.
    GenericKubernetesResource live =
        harness
            .kube
            .genericKubernetesResources("db.example.com/v1", "Database")
            .inNamespace("shop")
            .withName("orders")
            .get();
    live.setAdditionalProperty(
        "status",
        Map.of(
            "endpoint",
            "orders.shop.svc:5432",
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "False",
                    "reason",
                    "QuotaExceeded",
                    "message",
                    "no storage left"))));
    harness
        .kube
        .genericKubernetesResources("db.example.com/v1", "Database")
        .inNamespace("shop")
        .resource(live)
        .updateStatus();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(reported("uid-shop-orders", "Database", "orders"))
                    .contains(
                        new ObjectStatus(
                            "db.example.com/v1",
                            "Database",
                            "shop",
                            "orders",
                            ObjectStatus.DEGRADED,
                            "QuotaExceeded",
                            "no storage left",
                            Map.of("endpoint", "orders.shop.svc:5432"))));
  }
}
