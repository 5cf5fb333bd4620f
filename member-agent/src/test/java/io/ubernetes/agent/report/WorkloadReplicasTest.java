package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class WorkloadReplicasTest {
  @Test
  void aDeploymentsReadyUpdatedAndAvailableReplicas() {
    WorkloadReplicas replicas =
        WorkloadReplicas.of(
            new DeploymentBuilder()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .withNewStatus()
                .withReplicas(3)
                .withReadyReplicas(2)
                .withUpdatedReplicas(3)
                .withAvailableReplicas(1)
                .withUnavailableReplicas(2)
                .endStatus()
                .build());

    assertThat(replicas).isEqualTo(new WorkloadReplicas(3, 2, 3, 1, false));
  }

  @Test
  void aStatefulSetsReadyUpdatedAndAvailableReplicas() {
    WorkloadReplicas replicas =
        WorkloadReplicas.of(
            new StatefulSetBuilder()
                .withNewSpec()
                .withReplicas(5)
                .endSpec()
                .withNewStatus()
                .withReplicas(5)
                .withReadyReplicas(5)
                .withUpdatedReplicas(4)
                .withAvailableReplicas(5)
                .endStatus()
                .build());

    assertThat(replicas).isEqualTo(new WorkloadReplicas(5, 5, 4, 5, true));
  }

  @Test
  void aReplicaSetsPodsAllRunItsTemplate() {
    WorkloadReplicas replicas =
        WorkloadReplicas.of(
            new ReplicaSetBuilder()
                .withNewSpec()
                .withReplicas(4)
                .endSpec()
                .withNewStatus()
                .withReplicas(3)
                .withReadyReplicas(3)
                .withAvailableReplicas(2)
                .endStatus()
                .build());

    assertThat(replicas).isEqualTo(new WorkloadReplicas(4, 3, 3, 2, false));
  }

  @Test
  void aDaemonSetsScheduledReadyUpdatedAndAvailablePods() {
    WorkloadReplicas replicas =
        WorkloadReplicas.of(
            new DaemonSetBuilder()
                .withNewStatus()
                .withDesiredNumberScheduled(6)
                .withCurrentNumberScheduled(6)
                .withNumberReady(6)
                .withUpdatedNumberScheduled(5)
                .withNumberAvailable(5)
                .withNumberUnavailable(1)
                .endStatus()
                .build());

    assertThat(replicas).isEqualTo(new WorkloadReplicas(6, 6, 5, 5, false));
  }

  @Test
  void anObjectWithoutStatusYetHasNothingReady() {
    WorkloadReplicas replicas =
        WorkloadReplicas.of(new DeploymentBuilder().withNewSpec().endSpec().build());

    assertThat(replicas).isEqualTo(new WorkloadReplicas(1, 0, 0, 0, false));
  }

  @Test
  void aSurgePodThatIsNotReadyMeansNotAllPodsAreReady() {
    // A rolling update's new pod crashes while the old pods still serve every wanted replica.
    WorkloadReplicas replicas =
        WorkloadReplicas.of(
            new DeploymentBuilder()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .withNewStatus()
                .withReplicas(4)
                .withReadyReplicas(3)
                .withUpdatedReplicas(1)
                .withAvailableReplicas(3)
                .endStatus()
                .build());

    assertThat(replicas.allReady()).isFalse();
  }

  @Test
  void aWorkloadWhosePodsAreAllReadyAndAvailable() {
    WorkloadReplicas replicas =
        WorkloadReplicas.of(
            new DeploymentBuilder()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .withNewStatus()
                .withReplicas(3)
                .withReadyReplicas(3)
                .withUpdatedReplicas(3)
                .withAvailableReplicas(3)
                .endStatus()
                .build());

    assertThat(replicas).isEqualTo(new WorkloadReplicas(3, 3, 3, 3, true));
  }
}
