package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of a pod some of whose containers fail on purpose ({@link Failure}), as a kubelet
 * writes them: a crash-looping container waits in {@code CrashLoopBackOff} with its last exit and a
 * growing {@code restartCount}, the pod {@code Running} but not ready; an image that cannot be
 * pulled waits in {@code ErrImagePull}, then {@code ImagePullBackOff}, the pod {@code Pending}; a
 * container that may not restart fails the pod; one that never passes its readiness probe runs, not
 * ready. Each step returns a new pod and leaves its argument alone.
 */
final class FailingPods {
  static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
  static final String ERR_IMAGE_PULL = "ErrImagePull";
  static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";

  private FailingPods() {}

  /** Whether any container of the pod fails on purpose. */
  static boolean failing(Pod pod) {
    return containers(pod).stream().anyMatch(c -> Failure.of(pod, c).isPresent());
  }

  /**
   * The kubelet started the pod's containers: those that work run (and are ready), the others fail
   * as they were told to; the first crash backs off for {@code backOff.after(0)}.
   */
  static Pod started(Pod pod, BackOff backOff, Instant now) {
    Map<String, ContainerStatus> before = statusesByName(pod);
    List<ContainerStatus> statuses = new ArrayList<>();
    boolean pulling = false;
    boolean failed = false;
    for (Container container : containers(pod)) {
      Optional<Failure> failure = Failure.of(pod, container);
      pulling |= failure.filter(Failure.IMAGE_PULL::equals).isPresent();
      failed |= failure.filter(Failure.FAILED::equals).isPresent();
      ContainerStatusBuilder status = status(container, before.get(container.getName()));
      statuses.add(
          switch (failure.orElse(null)) {
            case null -> status.withReady(true).withStarted(true).withState(running(now)).build();
            case NOT_READY ->
                status.withReady(false).withStarted(true).withState(running(now)).build();
            case IMAGE_PULL ->
                waiting(status, ERR_IMAGE_PULL, pullFailure(container.getImage())).build();
            case CRASH_LOOP ->
                waiting(status, CRASH_LOOP_BACK_OFF, backOffMessage(pod, container, backOff, 0))
                    .withLastState(exited(1, "Error", now))
                    .build();
            case FAILED ->
                status
                    .withReady(false)
                    .withStarted(false)
                    .withState(exited(1, "Error", now))
                    .build();
          });
    }
    if (failed && !pulling) {
      // A pod that may not restart its crashed container is over: the others are stopped too.
      statuses.replaceAll(
          s ->
              s.getState().getTerminated() != null
                  ? s
                  : new ContainerStatusBuilder(s)
                      .withReady(false)
                      .withStarted(false)
                      .withState(exited(0, "Completed", now))
                      .build());
    }
    String phase = pulling ? "Pending" : failed ? "Failed" : "Running";
    return withStatuses(pod, phase, statuses, now);
  }

  /**
   * The back-off of its crash-looping containers is over: the kubelet restarted them and they
   * crashed again ({@code restartCount} one more), backing off for longer.
   */
  static Pod restarted(Pod pod, BackOff backOff, Instant now) {
    Map<String, Container> byName = new HashMap<>();
    containers(pod).forEach(c -> byName.put(c.getName(), c));
    List<ContainerStatus> statuses = new ArrayList<>();
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      Container container = byName.get(status.getName());
      if (container == null || !waitingFor(status, CRASH_LOOP_BACK_OFF)) {
        statuses.add(status);
        continue;
      }
      int restarts = restarts(status) + 1;
      statuses.add(
          waiting(
                  new ContainerStatusBuilder(status).withRestartCount(restarts),
                  CRASH_LOOP_BACK_OFF,
                  backOffMessage(pod, container, backOff, restarts))
              .withLastState(exited(1, "Error", now))
              .build());
    }
    return withStatuses(pod, pulling(statuses) ? "Pending" : "Running", statuses, now);
  }

  /** The first pull failed a back-off ago: the kubelet backs off pulling the image. */
  static Pod pullBackOff(Pod pod, Instant now) {
    List<ContainerStatus> statuses = new ArrayList<>();
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      statuses.add(
          waitingFor(status, ERR_IMAGE_PULL)
              ? waiting(
                      new ContainerStatusBuilder(status),
                      IMAGE_PULL_BACK_OFF,
                      "Back-off pulling image \"" + status.getImage() + "\"")
                  .build()
              : status);
    }
    return withStatuses(pod, "Pending", statuses, now);
  }

  /**
   * A pod stays Pending while an image of it cannot be pulled, whatever its other containers do.
   */
  private static boolean pulling(List<ContainerStatus> statuses) {
    return statuses.stream()
        .anyMatch(s -> waitingFor(s, ERR_IMAGE_PULL) || waitingFor(s, IMAGE_PULL_BACK_OFF));
  }

  /** Whether a container of the pod waits for this reason. */
  static boolean waitingFor(Pod pod, String reason) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return false;
    }
    return pod.getStatus().getContainerStatuses().stream().anyMatch(s -> waitingFor(s, reason));
  }

  /** The most restarts of any of its containers. */
  static int restarts(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .mapToInt(FailingPods::restarts)
        .max()
        .orElse(0);
  }

  private static Pod withStatuses(
      Pod pod, String phase, List<ContainerStatus> statuses, Instant now) {
    List<String> unready =
        statuses.stream()
            .filter(s -> !Boolean.TRUE.equals(s.getReady()))
            .map(s -> s.getName())
            .toList();
    String reason =
        "Failed".equals(phase) ? "PodFailed" : unready.isEmpty() ? null : "ContainersNotReady";
    String message =
        reason == null || "PodFailed".equals(reason)
            ? null
            : "containers with unready status: [" + String.join(" ", unready) + "]";
    String ready = reason == null ? "True" : "False";
    return new PodBuilder(pod)
        .editOrNewStatus()
        .withPhase(phase)
        .withConditions(
            PodLifecycle.condition(pod, "PodScheduled", "True", null, null, now),
            PodLifecycle.condition(pod, "Initialized", "True", null, null, now),
            PodLifecycle.condition(pod, "ContainersReady", ready, reason, message, now),
            PodLifecycle.condition(pod, "Ready", ready, reason, message, now))
        .withContainerStatuses(statuses)
        .endStatus()
        .build();
  }

  private static ContainerStatusBuilder status(Container container, ContainerStatus before) {
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withRestartCount(before == null ? 0 : restarts(before));
  }

  private static ContainerStatusBuilder waiting(
      ContainerStatusBuilder status, String reason, String message) {
    return status
        .withReady(false)
        .withStarted(false)
        .withState(
            new ContainerStateBuilder()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .build());
  }

  private static ContainerState running(Instant now) {
    return new ContainerStateBuilder()
        .withNewRunning()
        .withStartedAt(PodLifecycle.timestamp(now))
        .endRunning()
        .build();
  }

  private static ContainerState exited(int code, String reason, Instant now) {
    String at = PodLifecycle.timestamp(now);
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(code)
        .withReason(reason)
        .withStartedAt(at)
        .withFinishedAt(at)
        .endTerminated()
        .build();
  }

  /** As containerd words a pull of an image that does not exist. */
  private static String pullFailure(String image) {
    return ("Failed to pull image \"%1$s\": rpc error: code = NotFound desc = failed to pull and"
            + " unpack image \"%1$s\": failed to resolve reference \"%1$s\": %1$s: not found")
        .formatted(image);
  }

  private static String backOffMessage(
      Pod pod, Container container, BackOff backOff, int restarts) {
    return "back-off %s restarting failed container=%s pod=%s_%s(%s)"
        .formatted(
            BackOff.format(backOff.after(restarts)),
            container.getName(),
            pod.getMetadata().getName(),
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getUid());
  }

  private static boolean waitingFor(ContainerStatus status, String reason) {
    return status.getState() != null
        && status.getState().getWaiting() != null
        && reason.equals(status.getState().getWaiting().getReason());
  }

  private static int restarts(ContainerStatus status) {
    return status.getRestartCount() == null ? 0 : status.getRestartCount();
  }

  private static Map<String, ContainerStatus> statusesByName(Pod pod) {
    Map<String, ContainerStatus> byName = new HashMap<>();
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      pod.getStatus().getContainerStatuses().forEach(s -> byName.put(s.getName(), s));
    }
    return byName;
  }

  private static List<Container> containers(Pod pod) {
    List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
    return containers == null ? List.of() : containers;
  }
}
