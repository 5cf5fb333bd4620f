package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodLifecycleTest {
  private static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");

  private static Pod fresh() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-1")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("nginx:1.27")
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
}
