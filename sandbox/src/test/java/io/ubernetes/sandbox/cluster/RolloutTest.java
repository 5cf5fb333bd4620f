package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutTest {

  private static Deployment deployment(Integer replicas, String strategy) {
    DeploymentBuilder builder =
        new DeploymentBuilder().withNewSpec().withReplicas(replicas).endSpec();
    if (strategy != null) {
      builder.editSpec().withNewStrategy().withType(strategy).endStrategy().endSpec();
    }
    return builder.build();
  }

  @Test
  void defaultsToARollingUpdateWithAQuarterSurgeAndAQuarterUnavailable() {
    assertThat(Rollout.of(deployment(10, null))).isEqualTo(new Rollout(10, 3, 2, false));
    assertThat(Rollout.of(deployment(null, null))).isEqualTo(new Rollout(1, 1, 0, false));
  }

  @Test
  void readsAbsoluteAndPercentageLimits() {
    Deployment deployment =
        new DeploymentBuilder(deployment(8, "RollingUpdate"))
            .editSpec()
            .editStrategy()
            .withNewRollingUpdate()
            .withMaxSurge(new IntOrString(2))
            .withMaxUnavailable(new IntOrString("50%"))
            .endRollingUpdate()
            .endStrategy()
            .endSpec()
            .build();

    assertThat(Rollout.of(deployment)).isEqualTo(new Rollout(8, 2, 4, false));
  }

  @Test
  void neverLetsBothLimitsBeZero() {
    assertThat(new Rollout(3, 0, 0, false).maxUnavailable()).isEqualTo(1);
  }

  // spotless:off
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // case                                    | desired | surge | unavail | new | newReady | old | oldReady | newPods | removeOld
      "scaling up without a rollout               | 5       | 2     | 1       | 3   | 3        | 0   | 0        | 5       | 0",
      "scaling down without a rollout             | 2       | 1     | 0       | 4   | 4        | 0   | 0        | 2       | 0",
      "a rollout starts with the surge            | 4       | 1     | 1       | 0   | 0        | 4   | 4        | 1       | 1",
      "old pods go only as availability allows    | 4       | 1     | 0       | 1   | 0        | 4   | 4        | 1       | 0",
      "old pods go as new ones become ready       | 4       | 1     | 0       | 1   | 1        | 4   | 4        | 1       | 1",
      "unready old pods go at once                | 3       | 1     | 0       | 1   | 0        | 3   | 1        | 1       | 2",
      "the rollout completes                      | 3       | 1     | 0       | 3   | 3        | 1   | 1        | 3       | 1",
      "scaling to zero during a rollout           | 0       | 0     | 0       | 1   | 0        | 2   | 2        | 0       | 2",
  })
  // spotless:on
  void rollsOverByTheLimits(
      String name,
      int desired,
      int surge,
      int unavailable,
      int newPods,
      int newReady,
      int oldPods,
      int oldReady,
      int expectedNewPods,
      int expectedRemoveOld) {
    Rollout rollout = new Rollout(desired, surge, unavailable, false);

    assertThat(rollout.step(newPods, newReady, oldPods, oldReady))
        .isEqualTo(new Rollout.Step(expectedNewPods, expectedRemoveOld));
  }

  @Test
  void recreateRemovesEveryOldPodBeforeANewOneComes() {
    Rollout rollout = Rollout.of(deployment(3, "Recreate"));

    assertThat(rollout.step(0, 0, 3, 3)).isEqualTo(new Rollout.Step(0, 3));
    assertThat(rollout.step(0, 0, 0, 0)).isEqualTo(new Rollout.Step(3, 0));
  }
}
