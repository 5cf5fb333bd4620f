package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestartsTest {
  private static Pod pod(Map<String, String> labels, String created, int... restarts) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web")
            .withLabels(labels)
            .withCreationTimestamp(created)
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .addNewInitContainerStatus()
            .withName("init")
            .withRestartCount(0)
            .endInitContainerStatus()
            .endStatus();
    for (int i = 0; i < restarts.length; i++) {
      pod.editStatus()
          .addNewContainerStatus()
          .withName("c" + i)
          .withRestartCount(restarts[i])
          .endContainerStatus()
          .endStatus();
    }
    return pod.build();
  }

  private static Restarts of(Pod... pods) {
    Restarts restarts = new Restarts();
    for (Pod pod : pods) {
      restarts.add(pod);
    }
    return restarts;
  }

  @Test
  void sumsTheContainersOfThePodsOfTheCurrentTemplatesOnly() {
    Restarts restarts =
        of(
            pod(Map.of("pod-template-hash", "new"), "2026-12-06T10:00:00Z", 2, 1),
            pod(Map.of("pod-template-hash", "new"), "2026-12-06T10:00:01Z", 4),
            pod(Map.of("pod-template-hash", "old"), "2026-12-06T09:00:00Z", 30));

    assertThat(restarts.of(Set.of("pod-template-hash=new"))).isEqualTo(7);
    assertThat(restarts.of(Set.of("pod-template-hash=old"))).isEqualTo(30);
    assertThat(restarts.of(Set.of("pod-template-hash=gone"))).isZero();
  }

  @Test
  void withoutAKnownCurrentTemplateTheTemplateOfTheNewestPodCounts() {
    // A Deployment whose current ReplicaSet is not known: the last pods made run its template.
    Restarts restarts =
        of(
            pod(Map.of("pod-template-hash", "old"), "2026-12-06T09:00:00Z", 30),
            pod(Map.of("pod-template-hash", "new"), "2026-12-06T10:00:00Z", 3),
            pod(Map.of("pod-template-hash", "old"), "2026-12-06T09:30:00Z", 1));

    assertThat(restarts.of(Set.of())).isEqualTo(3);
  }

  @Test
  void podsOfNoKnownTemplateAllCountAndDeletedPodsDoNot() {
    Pod leaving = pod(Map.of(), "2026-12-06T10:00:00Z", 9);
    leaving.getMetadata().setDeletionTimestamp("2026-12-06T10:05:00Z");

    Restarts restarts =
        of(
            pod(Map.of("controller-revision-hash", "ds-1"), "2026-12-06T10:00:00Z", 1),
            pod(Map.of(), "2026-12-06T10:00:00Z", 2),
            leaving);

    assertThat(restarts.of(Set.of())).isEqualTo(3);
    assertThat(restarts.of(Set.of("controller-revision-hash=ds-1"))).isEqualTo(1);
  }
}
