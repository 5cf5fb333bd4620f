package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The steps of a simulated pod's life, as kube-scheduler and a kubelet would write them: scheduled
 * (or not, with the reason), started with an address, running and ready, and for a Job's pod,
 * succeeded. Each step returns a new pod and leaves its argument alone. A pod that fails on purpose
 * takes the steps of {@link FailingPods} once its containers are created.
 */
final class PodLifecycle {
  private PodLifecycle() {}

  /** Pending, PodScheduled=False because nothing fits; the same pod if it says so already. */
  static Pod unschedulable(Pod pod, String message, Instant now) {
    boolean saysSo =
        Pods.condition(pod, "PodScheduled")
            .filter(c -> "False".equals(c.getStatus()))
            .filter(c -> "Unschedulable".equals(c.getReason()))
            .filter(c -> message.equals(c.getMessage()))
            .isPresent();
    if (saysSo && "Pending".equals(Pods.phase(pod))) {
      return pod;
    }
    return new PodBuilder(pod)
        .editOrNewStatus()
        .withPhase("Pending")
        .withConditions(condition(pod, "PodScheduled", "False", "Unschedulable", message, now))
        .endStatus()
        .build();
  }

  /** Bound to the node; the kubelet has not started it yet. */
  static Pod bound(Pod pod, String node, Instant now) {
    return new PodBuilder(pod)
        .editSpec()
        .withNodeName(node)
        .endSpec()
        .editOrNewStatus()
        .withPhase("Pending")
        .withConditions(condition(pod, "PodScheduled", "True", null, null, now))
        .endStatus()
        .build();
  }

  /** The kubelet took it: it has its address, its containers are being created. */
  static Pod starting(Pod pod, String address, Instant now) {
    return new PodBuilder(pod)
        .editOrNewStatus()
        .withPhase("Pending")
        .withPodIP(address)
        .withPodIPs(new PodIPBuilder().withIp(address).build())
        .withStartTime(timestamp(now))
        .withConditions(
            condition(pod, "PodScheduled", "True", null, null, now),
            condition(pod, "Initialized", "True", null, null, now),
            condition(pod, "ContainersReady", "False", "ContainersNotReady", null, now),
            condition(pod, "Ready", "False", "ContainersNotReady", null, now))
        .withContainerStatuses(
            containerStatuses(
                pod,
                false,
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason("ContainerCreating")
                    .endWaiting()
                    .build()))
        .endStatus()
        .build();
  }

  /** Whether the kubelet is still creating its containers: nothing ran yet. */
  static boolean creating(Pod pod) {
    if (!"Pending".equals(Pods.phase(pod))) {
      return false;
    }
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    return statuses == null
        || statuses.stream()
            .allMatch(
                s ->
                    s.getState() != null
                        && s.getState().getWaiting() != null
                        && "ContainerCreating".equals(s.getState().getWaiting().getReason()));
  }

  /** Its containers run and it is ready. */
  static Pod running(Pod pod, Instant now) {
    return new PodBuilder(pod)
        .editOrNewStatus()
        .withPhase("Running")
        .withConditions(
            condition(pod, "PodScheduled", "True", null, null, now),
            condition(pod, "Initialized", "True", null, null, now),
            condition(pod, "ContainersReady", "True", null, null, now),
            condition(pod, "Ready", "True", null, null, now))
        .withContainerStatuses(
            containerStatuses(
                pod,
                true,
                new ContainerStateBuilder()
                    .withNewRunning()
                    .withStartedAt(timestamp(now))
                    .endRunning()
                    .build()))
        .endStatus()
        .build();
  }

  /** Its containers exited with 0: a Job's pod that did its work. */
  static Pod succeeded(Pod pod, Instant now) {
    return new PodBuilder(pod)
        .editOrNewStatus()
        .withPhase("Succeeded")
        .withConditions(
            condition(pod, "PodScheduled", "True", null, null, now),
            condition(pod, "Initialized", "True", null, null, now),
            condition(pod, "ContainersReady", "False", "PodCompleted", null, now),
            condition(pod, "Ready", "False", "PodCompleted", null, now))
        .withContainerStatuses(
            containerStatuses(
                pod,
                false,
                new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(0)
                    .withReason("Completed")
                    .withFinishedAt(timestamp(now))
                    .endTerminated()
                    .build()))
        .endStatus()
        .build();
  }

  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The condition as it is now; its transition time moves only when its status changes. */
  static PodCondition condition(
      Pod pod, String type, String status, String reason, String message, Instant now) {
    String since =
        Pods.condition(pod, type)
            .filter(existing -> Objects.equals(status, existing.getStatus()))
            .map(PodCondition::getLastTransitionTime)
            .orElse(timestamp(now));
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .build();
  }

  private static List<ContainerStatus> containerStatuses(
      Pod pod, boolean ready, ContainerState state) {
    List<ContainerStatus> statuses = new ArrayList<>();
    List<Container> containers = pod.getSpec().getContainers();
    for (Container container : containers == null ? List.<Container>of() : containers) {
      statuses.add(
          new ContainerStatusBuilder()
              .withName(container.getName())
              .withImage(container.getImage())
              .withReady(ready)
              .withStarted(state.getRunning() != null)
              .withRestartCount(0)
              .withState(state)
              .build());
    }
    return statuses;
  }
}
