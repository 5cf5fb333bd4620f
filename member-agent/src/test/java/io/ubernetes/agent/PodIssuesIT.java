package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the agent tells about the pods of a workload that do not run as they should. */
class PodIssuesIT {
  private static final String WEB = "uid-shop-web";
  private static final String INSUFFICIENT_CPU =
      "0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available: 4 No"
          + " preemption victims found for incoming pod.";

  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  private void run(String... names) {
    List<WorkItem> items = new ArrayList<>();
    for (String name : names) {
      items.add(item("shop", name, 1, 1, deployment("shop", name, 3)));
    }
    harness.federation.feed(0, new WorkFeed(1, items, List.of()));
    harness.federation.idleAt(1);
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.federation.statusReports().stream()
                        .flatMap(r -> r.workloads().stream())
                        .map(WorkloadReport::workloadUid)
                        .distinct()
                        .count()
                    == names.length);
  }

  /** What the Deployment controller would write: 3 wanted, so many ready, updated, available. */
  private void deploymentStatus(String name, int ready, int updated, int available) {
    Deployment web = harness.kube.apps().deployments().inNamespace("shop").withName(name).get();
    web.setStatus(
        new DeploymentStatusBuilder()
            .withReplicas(3)
            .withReadyReplicas(ready)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available)
            .withUnavailableReplicas(3 - available)
            .build());
    harness.kube.apps().deployments().inNamespace("shop").resource(web).updateStatus();
  }

  private Pod pod(String name, String workload, PodStatus status) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .addToLabels("app", "web")
            .addToLabels("ubernetes.io/managed-by", "ubernetes")
            .addToLabels("ubernetes.io/workload", "shop." + workload)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("nginx:1.27")
            .endContainer()
            .endSpec()
            .withStatus(status)
            .build();
    return harness.kube.pods().inNamespace("shop").resource(pod).create();
  }

  private static PodStatus running() {
    return new PodStatusBuilder()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .addNewContainerStatus()
        .withName("web")
        .withReady(true)
        .withNewState()
        .withNewRunning()
        .withStartedAt("2026-12-06T09:00:00Z")
        .endRunning()
        .endState()
        .endContainerStatus()
        .build();
  }

  private static PodStatus unschedulable(String since) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(INSUFFICIENT_CPU)
        .withLastTransitionTime(since)
        .endCondition()
        .build();
  }

  private static PodStatus waiting(String phase, String reason, String message) {
    return new PodStatusBuilder()
        .withPhase(phase)
        .addNewContainerStatus()
        .withName("web")
        .withReady(false)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .build();
  }

  private static Optional<WorkloadReport> latestReport(String uid, List<StatusReport> reports) {
    return reports.reversed().stream()
        .flatMap(r -> r.workloads().stream())
        .filter(w -> w.workloadUid().equals(uid))
        .findFirst();
  }

  private Optional<WorkloadReport> latestReport(String uid) {
    return latestReport(uid, harness.federation.statusReports());
  }

  /** The requests the member API server answered since the last call, method and decoded path. */
  private List<String> requestsSinceLastTime() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = harness.cluster.server().takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      requests.add(
          request.getMethod() + " " + URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8));
    }
    return requests;
  }

  private static Instant created(Pod pod) {
    return Instant.parse(pod.getMetadata().getCreationTimestamp());
  }

  @Test
  void reportsPodsThatNoNodeCanTakeWithTheSchedulersMessageAndSinceWhenTheFirstOfThemWasRefused() {
    run("web");
    pod("web-a", "web", running());
    pod("web-b", "web", unschedulable("2026-12-06T10:00:05Z"));
    pod("web-c", "web", unschedulable("2026-12-06T10:00:01Z"));
    // Another workload's pod in the same namespace is none of this workload's business.
    pod("other-a", "other", unschedulable("2026-12-06T09:00:00Z"));
    deploymentStatus("web", 1, 3, 1);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.replicas()).isEqualTo(3);
                          assertThat(report.readyReplicas()).isEqualTo(1);
                          assertThat(report.podIssues())
                              .containsExactly(
                                  new PodIssue(
                                      PodIssue.UNSCHEDULABLE,
                                      INSUFFICIENT_CPU,
                                      2,
                                      "2026-12-06T10:00:01Z"));
                          assertThat(report.unschedulablePods()).isEqualTo(2);
                        }));
  }

  @Test
  void reportsImagesThatDoNotPullContainersThatCrashAndFailedPodsByTheMembersReason() {
    run("web");
    pod("web-a", "web", running());
    String pullMessage = "Back-off pulling image \"nginx:9.99\"";
    Pod firstPull = pod("web-b", "web", waiting("Pending", "ImagePullBackOff", pullMessage));
    Pod secondPull = pod("web-c", "web", waiting("Pending", "ImagePullBackOff", pullMessage));
    String crashMessage = "back-off 40s restarting failed container=web pod=web-d_shop(0d1f)";
    Pod crashing = pod("web-d", "web", waiting("Running", "CrashLoopBackOff", crashMessage));
    // Starting up is no issue.
    pod("web-e", "web", waiting("Pending", "ContainerCreating", null));
    Pod config =
        pod(
            "web-f",
            "web",
            new PodStatusBuilder()
                .withPhase("Pending")
                .addNewInitContainerStatus()
                .withName("migrate")
                .withNewState()
                .withNewWaiting()
                .withReason("CreateContainerConfigError")
                .withMessage("secret \"db\" not found")
                .endWaiting()
                .endState()
                .endInitContainerStatus()
                .build());
    pod(
        "web-g",
        "web",
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .addNewContainerStatus()
            .withName("web")
            .withNewState()
            .withNewTerminated()
            .withExitCode(137)
            .withFinishedAt("2026-12-06T09:30:00Z")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    deploymentStatus("web", 1, 3, 1);

    Instant pullSince =
        created(firstPull).isBefore(created(secondPull)) ? created(firstPull) : created(secondPull);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(WEB))
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.podIssues())
                                .containsExactly(
                                    new PodIssue(
                                        "ImagePullBackOff", pullMessage, 2, pullSince.toString()),
                                    new PodIssue(
                                        "CrashLoopBackOff",
                                        crashMessage,
                                        1,
                                        created(crashing).toString()),
                                    new PodIssue(
                                        "CreateContainerConfigError",
                                        "secret \"db\" not found",
                                        1,
                                        created(config).toString()),
                                    new PodIssue(
                                        "Evicted",
                                        "The node was low on resource: memory.",
                                        1,
                                        "2026-12-06T09:30:00Z"))));
  }

  @Test
  void reportsUpdatedAndAvailableReplicasApartFromReadyOnes() {
    run("web");
    deploymentStatus("web", 3, 2, 1);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.replicas()).isEqualTo(3);
                          assertThat(report.readyReplicas()).isEqualTo(3);
                          assertThat(report.updatedReplicas()).isEqualTo(2);
                          assertThat(report.availableReplicas()).isEqualTo(1);
                        }));
  }

  @Test
  void aWorkloadWhosePodsAreAllReadyCostsNoPodListAndReportsNoIssues() throws Exception {
    run("web");
    deploymentStatus("web", 3, 3, 3);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                latestReport(WEB).map(WorkloadReport::availableReplicas).orElse(0) == 3
                    && latestReport(WEB).get().podIssues().isEmpty());
    requestsSinceLastTime();
    int reportsBefore = harness.federation.statusReports().size();

    // Full reports go out every heartbeat interval (300 ms here): wait for a few of them.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.federation.statusReports().size() >= reportsBefore + 3);

    List<StatusReport> reports = harness.federation.statusReports();
    assertThat(reports.subList(reportsBefore, reports.size()))
        .flatMap(StatusReport::workloads)
        .allSatisfy(report -> assertThat(report.podIssues()).isEmpty());
    assertThat(requestsSinceLastTime())
        .isNotEmpty()
        .noneMatch(request -> request.startsWith("GET /api/v1/namespaces/shop/pods"))
        .noneMatch(request -> request.contains("labelSelector=ubernetes.io/managed-by=ubernetes"));
  }

  @Test
  void podsThatBecomeUnschedulableAreReportedWhileTheWorkloadObjectStaysAsItWas() {
    run("web");
    pod("web-a", "web", running());
    pod("web-b", "web", running());
    Pod pending = pod("web-c", "web", new PodStatusBuilder().withPhase("Pending").build());
    deploymentStatus("web", 2, 3, 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                latestReport(WEB).map(WorkloadReport::availableReplicas).orElse(0) == 2
                    && latestReport(WEB).get().podIssues().isEmpty());
    String deploymentVersion =
        harness
            .kube
            .apps()
            .deployments()
            .inNamespace("shop")
            .withName("web")
            .get()
            .getMetadata()
            .getResourceVersion();

    pending.setStatus(unschedulable("2026-12-06T10:00:01Z"));
    harness.kube.pods().inNamespace("shop").resource(pending).updateStatus();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(WEB))
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.podIssues())
                                .containsExactly(
                                    new PodIssue(
                                        PodIssue.UNSCHEDULABLE,
                                        INSUFFICIENT_CPU,
                                        1,
                                        "2026-12-06T10:00:01Z"))));
    assertThat(
            harness
                .kube
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getMetadata()
                .getResourceVersion())
        .as("the Deployment did not change")
        .isEqualTo(deploymentVersion);
  }

  @Test
  void manyWorkloadsWithPodsNotReadyAreReadInOneListOfTheFederationsPods() throws Exception {
    String[] names = new String[12];
    for (int i = 0; i < names.length; i++) {
      names[i] = "w" + i;
    }
    run(names);
    for (String name : names) {
      pod(name + "-a", name, unschedulable("2026-12-06T10:00:0" + name.length() + "Z"));
      deploymentStatus(name, 0, 3, 0);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<StatusReport> reports = harness.federation.statusReports();
              for (String name : names) {
                assertThat(latestReport("uid-shop-" + name, reports))
                    .as(name)
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.podIssues())
                                .containsExactly(
                                    new PodIssue(
                                        PodIssue.UNSCHEDULABLE,
                                        INSUFFICIENT_CPU,
                                        1,
                                        "2026-12-06T10:00:0" + name.length() + "Z")));
              }
            });
    requestsSinceLastTime();
    int reportsBefore = harness.federation.statusReports().size();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.federation.statusReports().size() >= reportsBefore + 2);
    assertThat(requestsSinceLastTime())
        .anyMatch(
            request ->
                request.startsWith("GET /api/v1/pods?")
                    && request.contains("labelSelector=ubernetes.io/managed-by=ubernetes"))
        .noneMatch(request -> request.startsWith("GET /api/v1/namespaces/shop/pods"));
  }

  @Test
  void restartsOfTheCurrentTemplatesPodsAreReportedAlsoWhileEveryPodIsReady() {
    run("web");
    replicaSet("web-old", "old", "1");
    replicaSet("web-new", "new", "2");
    withRestarts(pod("web-a", "web", running()), "new", 2);
    withRestarts(pod("web-b", "web", running()), "new", 1);
    // An old pod still around, which crashed often: not the applied template's.
    withRestarts(pod("web-c", "web", running()), "old", 40);

    harness
        .kube
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .edit(
            d -> {
              d.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "2");
              return d;
            });
    deploymentStatus("web", 3, 3, 3);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport(WEB))
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.readyReplicas()).isEqualTo(3);
                          assertThat(report.restarts()).isEqualTo(3);
                          assertThat(report.podIssues()).isEmpty();
                        }));
  }

  @Test
  void aJobThatFailedIsReportedAsJobFailedWithItsConditionsMessage() {
    Job migrate =
        new JobBuilder()
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
    harness.federation.feed(
        0, new WorkFeed(1, List.of(item("shop", "migrate", 1, 1, migrate)), List.of()));
    harness.federation.idleAt(1);
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.kube.batch().v1().jobs().inNamespace("shop").withName("migrate").get()
                    != null);

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
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latestReport("uid-shop-migrate"))
                    .hasValueSatisfying(
                        report ->
                            assertThat(report.podIssues())
                                .containsExactly(
                                    new PodIssue(
                                        PodIssue.JOB_FAILED,
                                        "Job has reached the specified backoff limit",
                                        4,
                                        "2026-12-06T10:00:00Z"))));
  }

  /** A ReplicaSet of Deployment web, as the Deployment controller makes one per template. */
  private void replicaSet(String name, String hash, String revision) {
    Deployment web = harness.kube.apps().deployments().inNamespace("shop").withName("web").get();
    harness
        .kube
        .apps()
        .replicaSets()
        .inNamespace("shop")
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .addToLabels("ubernetes.io/workload", "shop.web")
                .addToLabels("ubernetes.io/managed-by", "ubernetes")
                .addToLabels("pod-template-hash", hash)
                .addToAnnotations("deployment.kubernetes.io/revision", revision)
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("web")
                .withUid(web.getMetadata().getUid())
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .endSpec()
                .build())
        .create();
  }

  private void withRestarts(Pod pod, String hash, int restarts) {
    pod.getMetadata().getLabels().put("pod-template-hash", hash);
    pod.getStatus().getContainerStatuses().getFirst().setRestartCount(restarts);
    harness.kube.pods().inNamespace("shop").resource(pod).update();
  }
}
