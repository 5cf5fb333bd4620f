package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodLifecycleTest {
  private static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");

  private static final BackOff BACK_OFF = BackOff.scaledTo(Duration.ofSeconds(2));

  private static Pod fresh() {
    Pod pod = fresh("nginx:1.27");
    pod.getSpec().getContainers().removeLast();
    return pod;
  }

  /** A pod of a web container with this image and a sidecar that works. */
  private static Pod fresh(String image) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-1")
        .withNamespace("shop")
        .withUid("uid-1")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .addNewContainer()
        .withName("sidecar")
        .withImage("envoy:1.33")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  @Test
  void anUnschedulablePodSaysWhyAndIsNotRewrittenForTheSameReason() {
    Pod pending =
        PodLifecycle.unschedulable(fresh(), "0/1 nodes are available: 1 Insufficient cpu.", T0);

    assertThat(Pods.condition(pending, "PodScheduled"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("Unschedulable");
              assertThat(c.getLastTransitionTime()).isEqualTo("2025-05-01T10:00:00Z");
            });
    assertThat(
            PodLifecycle.unschedulable(
                pending, "0/1 nodes are available: 1 Insufficient cpu.", T0.plusSeconds(5)))
        .isSameAs(pending);
    Pod reworded =
        PodLifecycle.unschedulable(
            pending, "0/1 nodes are available: 1 Too many pods.", T0.plusSeconds(5));
    assertThat(Pods.condition(reworded, "PodScheduled").orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-05-01T10:00:00Z");
  }

  @Test
  void aPodIsBoundThenStartedThenReadyThenSucceeded() {
    Pod bound = PodLifecycle.bound(fresh(), "node-2", T0);
    Pod starting = PodLifecycle.starting(bound, "10.12.0.7", T0);
    Pod running = PodLifecycle.running(starting, T0.plusSeconds(2));
    Pod succeeded = PodLifecycle.succeeded(running, T0.plusSeconds(4));

    assertThat(bound.getSpec().getNodeName()).isEqualTo("node-2");
    assertThat(Pods.scheduled(bound)).isTrue();
    assertThat(starting.getStatus().getPodIP()).isEqualTo("10.12.0.7");
    assertThat(Pods.ready(starting)).isFalse();
    assertThat(Pods.phase(running)).isEqualTo("Running");
    assertThat(Pods.ready(running)).isTrue();
    assertThat(running.getStatus().getContainerStatuses())
        .singleElement()
        .satisfies(s -> assertThat(s.getReady()).isTrue());
    assertThat(Pods.condition(running, "PodScheduled").orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-05-01T10:00:00Z");
    assertThat(Pods.phase(succeeded)).isEqualTo("Succeeded");
    assertThat(Pods.terminal(succeeded)).isTrue();
    assertThat(Pods.ready(succeeded)).isFalse();
    assertThat(fresh().getSpec().getNodeName()).isNull();
  }

  /** Created on node-1 with an address, as the kubelet has it before the start delay is over. */
  private static Pod creating(Pod pod) {
    return PodLifecycle.starting(PodLifecycle.bound(pod, "node-1", T0), "10.12.0.7", T0);
  }

  private static Pod annotated(String failure) {
    Pod pod = fresh("nginx:1.27");
    pod.getMetadata().setAnnotations(Map.of(Failure.ANNOTATION, failure));
    return pod;
  }

  private static ContainerStatus container(Pod pod, String name) {
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> name.equals(s.getName()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aCrashloopImageCrashLoopsRunningButNotReadyWithGrowingRestartsAndBackOff() {
    Pod created = creating(fresh("registry.example.com/shop/web:crashloop"));
    assertThat(PodLifecycle.creating(created)).isTrue();
    assertThat(FailingPods.failing(created)).isTrue();

    Pod crashed = FailingPods.started(created, BACK_OFF, T0.plusSeconds(2));
    Pod restarted = FailingPods.restarted(crashed, BACK_OFF, T0.plusSeconds(12));
    Pod again = FailingPods.restarted(restarted, BACK_OFF, T0.plusSeconds(32));

    assertThat(Pods.phase(crashed)).isEqualTo("Running");
    assertThat(Pods.ready(crashed)).isFalse();
    assertThat(PodLifecycle.creating(crashed)).isFalse();
    assertThat(Pods.condition(crashed, "Ready").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("ContainersNotReady");
              assertThat(c.getMessage()).isEqualTo("containers with unready status: [web]");
            });
    assertThat(container(crashed, "web"))
        .satisfies(
            s -> {
              assertThat(s.getReady()).isFalse();
              assertThat(s.getRestartCount()).isZero();
              assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
              assertThat(s.getState().getWaiting().getMessage())
                  .isEqualTo("back-off 10s restarting failed container=web pod=web-1_shop(uid-1)");
              assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
              assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
            });
    assertThat(container(crashed, "sidecar").getReady()).isTrue();
    assertThat(container(crashed, "sidecar").getState().getRunning()).isNotNull();
    assertThat(FailingPods.restarts(restarted)).isEqualTo(1);
    assertThat(container(restarted, "web").getState().getWaiting().getMessage())
        .startsWith("back-off 20s restarting");
    assertThat(container(restarted, "web").getLastState().getTerminated().getFinishedAt())
        .isEqualTo("2025-05-01T10:00:12Z");
    assertThat(FailingPods.restarts(again)).isEqualTo(2);
    assertThat(container(again, "web").getState().getWaiting().getMessage())
        .startsWith("back-off 40s restarting");
    assertThat(Pods.phase(again)).isEqualTo("Running");
    assertThat(Pods.condition(again, "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-05-01T10:00:00Z");
  }

  @Test
  void anImageThatDoesNotExistFailsToPullThenBacksOffAndThePodStaysPending() {
    Pod created = creating(fresh("registry.example.com/does-not-exist:1.0"));

    Pod failed = FailingPods.started(created, BACK_OFF, T0.plusSeconds(2));
    Pod backingOff = FailingPods.pullBackOff(failed, T0.plusSeconds(12));

    assertThat(Pods.phase(failed)).isEqualTo("Pending");
    assertThat(Pods.ready(failed)).isFalse();
    assertThat(FailingPods.waitingFor(failed, FailingPods.ERR_IMAGE_PULL)).isTrue();
    assertThat(container(failed, "web").getState().getWaiting().getMessage())
        .startsWith(
            "Failed to pull image \"registry.example.com/does-not-exist:1.0\": rpc error: code ="
                + " NotFound")
        .endsWith("registry.example.com/does-not-exist:1.0: not found");
    assertThat(Pods.phase(backingOff)).isEqualTo("Pending");
    assertThat(FailingPods.waitingFor(backingOff, FailingPods.ERR_IMAGE_PULL)).isFalse();
    assertThat(container(backingOff, "web").getState().getWaiting())
        .satisfies(
            w -> {
              assertThat(w.getReason()).isEqualTo("ImagePullBackOff");
              assertThat(w.getMessage())
                  .isEqualTo("Back-off pulling image \"registry.example.com/does-not-exist:1.0\"");
            });
    assertThat(container(backingOff, "sidecar").getState().getRunning()).isNotNull();
  }

  @Test
  void theAnnotationFailsEveryContainerOfThePod() {
    Pod pulling = FailingPods.started(creating(annotated("ImagePullBackOff")), BACK_OFF, T0);
    Pod looping = FailingPods.started(creating(annotated("CrashLoopBackOff")), BACK_OFF, T0);

    assertThat(pulling.getStatus().getContainerStatuses())
        .allSatisfy(
            s -> assertThat(s.getState().getWaiting().getReason()).isEqualTo("ErrImagePull"));
    assertThat(looping.getStatus().getContainerStatuses())
        .allSatisfy(
            s -> assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff"));
    assertThat(FailingPods.failing(creating(annotated("Sometimes")))).isFalse();
  }

  @Test
  void aNotReadyPodRunsButNeverBecomesReady() {
    Pod running = FailingPods.started(creating(annotated("NotReady")), BACK_OFF, T0);

    assertThat(Pods.phase(running)).isEqualTo("Running");
    assertThat(Pods.ready(running)).isFalse();
    assertThat(Pods.condition(running, "Ready").orElseThrow().getMessage())
        .isEqualTo("containers with unready status: [web sidecar]");
    assertThat(running.getStatus().getContainerStatuses())
        .allSatisfy(
            s -> {
              assertThat(s.getState().getRunning()).isNotNull();
              assertThat(s.getStarted()).isTrue();
              assertThat(s.getReady()).isFalse();
            });
  }

  @Test
  void aFailedPodThatMayNotRestartFailsWithItsContainersExited() {
    Pod pod = annotated("Failed");
    pod.getSpec().setRestartPolicy("Never");

    Pod failed = FailingPods.started(creating(pod), BACK_OFF, T0.plusSeconds(2));

    assertThat(Pods.phase(failed)).isEqualTo("Failed");
    assertThat(Pods.terminal(failed)).isTrue();
    assertThat(Pods.condition(failed, "Ready").orElseThrow().getReason()).isEqualTo("PodFailed");
    assertThat(failed.getStatus().getContainerStatuses())
        .allSatisfy(
            s -> {
              assertThat(s.getState().getTerminated().getExitCode()).isEqualTo(1);
              assertThat(s.getState().getTerminated().getReason()).isEqualTo("Error");
            });
  }

  @Test
  void aPodStaysPendingWhileAnImageCannotBePulledWhenAnotherContainerCrashLoops() {
    Pod pod = fresh("registry.example.com/does-not-exist:1.0");
    pod.getSpec().getContainers().get(1).setImage("envoy:crashloop");

    Pod started = FailingPods.started(creating(pod), BACK_OFF, T0);
    Pod restarted = FailingPods.restarted(started, BACK_OFF, T0.plusSeconds(10));

    assertThat(Pods.phase(started)).isEqualTo("Pending");
    assertThat(container(restarted, "sidecar").getRestartCount()).isEqualTo(1);
    assertThat(Pods.phase(restarted)).isEqualTo("Pending");
  }
}
