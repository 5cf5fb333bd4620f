package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pods that fail on purpose, by image name or annotation, in a running simulated cluster (pods
 * start in 300 ms, so crashed containers back off 1.5 s, then 3 s, 6 s ...): what a Deployment's
 * rollout, a Job and the pods themselves look like to anyone reading the cluster, the member agent
 * included.
 */
class FailingPodsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SimulatedCluster.start(cluster("failing", 3));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static List<Pod> pods(String namespace, String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
  }

  private static DeploymentStatus status(String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    return deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }

  private static ContainerStatus first(Pod pod) {
    return pod.getStatus().getContainerStatuses().getFirst();
  }

  private static String waiting(Pod pod) {
    ContainerStatus status = first(pod);
    return status.getState() == null || status.getState().getWaiting() == null
        ? null
        : status.getState().getWaiting().getReason();
  }

  private static String image(Pod pod) {
    return pod.getSpec().getContainers().getFirst().getImage();
  }

  @Test
  void aDeploymentRolledToACrashLoopingImageKeepsItsOldPodsServingWhileTheNewOneCrashLoops() {
    client.resource(deployment("canary", "web", 3, "100m")).create();
    await()
        .atMost(PATIENCE)
        .until(() -> count(status("canary", "web").getAvailableReplicas()) == 3);

    await()
        .atMost(PATIENCE)
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              client
                  .apps()
                  .deployments()
                  .inNamespace("canary")
                  .withName("web")
                  .edit(
                      d -> {
                        d.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .getFirst()
                            .setImage("nginx:crashloop");
                        return d;
                      });
              return true;
            });

    List<String> violations = new ArrayList<>();
    TreeSet<Integer> restartsSeen = new TreeSet<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              DeploymentStatus status = status("canary", "web");
              List<Pod> pods = pods("canary", "web");
              if (Long.valueOf(2).equals(status.getObservedGeneration())
                  && count(status.getAvailableReplicas()) < 3) {
                violations.add("only " + status.getAvailableReplicas() + " available");
              }
              pods.stream()
                  .filter(p -> image(p).equals("nginx:crashloop"))
                  .filter(p -> "CrashLoopBackOff".equals(waiting(p)))
                  .forEach(p -> restartsSeen.add(first(p).getRestartCount()));
              return restartsSeen.size() >= 3 && restartsSeen.last() >= 2;
            });

    assertThat(violations).isEmpty();
    // maxSurge 25% of 3 is one new pod; maxUnavailable 25% of 3 is none: no old pod may go.
    DeploymentStatus status = status("canary", "web");
    assertThat(status.getReplicas()).isEqualTo(4);
    assertThat(status.getUpdatedReplicas()).isEqualTo(1);
    assertThat(status.getAvailableReplicas()).isEqualTo(3);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    List<Pod> pods = pods("canary", "web");
    assertThat(pods.stream().filter(p -> image(p).equals("nginx:1.27")))
        .hasSize(3)
        .allSatisfy(pod -> assertThat(Pods.ready(pod)).isTrue());
    assertThat(pods.stream().filter(p -> image(p).equals("nginx:crashloop")))
        .singleElement()
        .satisfies(
            pod -> {
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(Pods.ready(pod)).isFalse();
              assertThat(first(pod).getState().getWaiting().getMessage())
                  .startsWith("back-off ")
                  .contains("restarting failed container=web pod=" + pod.getMetadata().getName());
              assertThat(first(pod).getLastState().getTerminated().getExitCode()).isEqualTo(1);
            });
    assertThat(restartsSeen).contains(0, 1, 2);
  }

  @Test
  void anImageThatDoesNotExistLeavesItsPodPendingInImagePullBackOff() {
    Deployment missing = deployment("pull", "api", 1, "100m");
    missing
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .setImage("registry.example.com/shop/does-not-exist:1.0");
    client.resource(missing).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pods("pull", "api"))
                    .singleElement()
                    .satisfies(
                        pod -> {
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                          assertThat(pod.getSpec().getNodeName()).isNotNull();
                          assertThat(waiting(pod)).isEqualTo("ImagePullBackOff");
                          assertThat(first(pod).getState().getWaiting().getMessage())
                              .isEqualTo(
                                  "Back-off pulling image"
                                      + " \"registry.example.com/shop/does-not-exist:1.0\"");
                        }));
    DeploymentStatus status = status("pull", "api");
    assertThat(count(status.getAvailableReplicas())).isZero();
    assertThat(status.getUpdatedReplicas()).isEqualTo(1);
  }

  @Test
  void aPodAnnotatedNotReadyRunsAndIsNeverReady() {
    Deployment unready = deployment("probe", "db", 2, "100m");
    unready
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .put(Failure.ANNOTATION, "NotReady");
    client.resource(unready).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pods("probe", "db"))
                    .hasSize(2)
                    .allSatisfy(
                        pod -> {
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                          assertThat(first(pod).getState().getRunning()).isNotNull();
                        }));
    assertThat(pods("probe", "db")).noneMatch(Pods::ready);
    assertThat(count(status("probe", "db").getReadyReplicas())).isZero();
  }

  @Test
  void aJobWhosePodsFailIsFailedOnceMoreThanItsBackoffLimitFailed() {
    Job job = Manifests.job("batch", "export", 1, 1);
    job.getSpec().setBackoffLimit(2);
    job.getSpec().getTemplate().getMetadata().getAnnotations().put(Failure.ANNOTATION, "Failed");
    client.resource(job).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Job seen = client.batch().v1().jobs().inNamespace("batch").withName("export").get();
              assertThat(seen.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Failed");
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
                        assertThat(c.getMessage())
                            .isEqualTo("Job has reached the specified backoff limit");
                      });
              assertThat(seen.getStatus().getFailed()).isEqualTo(3);
              assertThat(seen.getStatus().getActive()).isZero();
            });
    Job failed = client.batch().v1().jobs().inNamespace("batch").withName("export").get();
    assertThat(failed.getStatus().getCompletionTime()).isNull();
    assertThat(failed.getStatus().getConditions())
        .noneMatch(c -> Objects.equals(c.getType(), "Complete"));
    assertThat(pods("batch", "export"))
        .hasSize(3)
        .allSatisfy(
            pod -> {
              assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(first(pod).getState().getTerminated().getReason()).isEqualTo("Error");
            });
  }
}
