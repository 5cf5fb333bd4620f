package io.ubernetes.benchmark.lightfleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppliedWorkTest {
  private static final long SECOND = 1_000_000_000L;

  private static WorkItem deployment(long generation, int replicas) {
    Map<String, Object> manifest =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("namespace", "shop", "name", "web"),
            "spec",
            Map.of(
                "replicas",
                replicas,
                "template",
                Map.of(
                    "spec",
                    Map.of(
                        "containers",
                        List.of(
                            Map.of(
                                "name",
                                "app",
                                "resources",
                                Map.of("requests", Map.of("cpu", "250m", "memory", "1Gi"))))))));
    return new WorkItem(
        "uid-1", "shop", "web", generation, 7, List.of(manifest), null, 3, null, null);
  }

  @Test
  void countsTheReplicasAndWhatTheirPodsRequest() {
    AppliedWork work = AppliedWork.of(deployment(1, 3), null, 0, SECOND);

    assertThat(work.replicas()).isEqualTo(3);
    assertThat(work.cpuMillis()).isEqualTo(750);
    assertThat(work.memoryMiB()).isEqualTo(3 * 1024);
  }

  @Test
  void reportsAppliedAtOnceAndReadyAfterTheDelayAsTheAgentReportsADeployment() {
    AppliedWork work = AppliedWork.of(deployment(1, 2), null, 0, SECOND);

    WorkloadReport progressing = work.report(SECOND / 2);
    assertThat(progressing.applied()).isTrue();
    assertThat(progressing.replicas()).isEqualTo(2);
    assertThat(progressing.readyReplicas()).isZero();
    assertThat(progressing.workloadRevision()).isEqualTo(3);
    assertThat(progressing.objects())
        .extracting(ObjectStatus::kind, ObjectStatus::health)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Deployment", ObjectStatus.PROGRESSING));

    WorkloadReport ready = work.report(SECOND);
    assertThat(ready.readyReplicas()).isEqualTo(2);
    assertThat(ready.availableReplicas()).isEqualTo(2);
    assertThat(ready.objects())
        .extracting(ObjectStatus::health)
        .containsExactly(ObjectStatus.HEALTHY);
  }

  @Test
  void staysReadyForTheSameGenerationAndRollsOutANewOne() {
    AppliedWork first = AppliedWork.of(deployment(1, 2), null, 0, SECOND);

    assertThat(AppliedWork.of(deployment(1, 2), first, 5 * SECOND, SECOND).ready(5 * SECOND))
        .isTrue();
    assertThat(AppliedWork.of(deployment(2, 2), first, 5 * SECOND, SECOND).ready(5 * SECOND))
        .isFalse();
  }

  @Test
  void readsKubernetesQuantities() {
    assertThat(AppliedWork.millicores("100m")).isEqualTo(100);
    assertThat(AppliedWork.millicores("2")).isEqualTo(2000);
    assertThat(AppliedWork.millicores("0.5")).isEqualTo(500);
    assertThat(AppliedWork.mebibytes("128Mi")).isEqualTo(128);
    assertThat(AppliedWork.mebibytes("2Gi")).isEqualTo(2048);
    assertThat(AppliedWork.mebibytes("1048576")).isEqualTo(1);
  }
}
