package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import java.util.List;

/** What the status tables check of a computed workload status: its counts and its Ready. */
final class StatusAssertions {
  private StatusAssertions() {}

  static void assertReady(WorkloadStatus status, String state, String message) {
    Condition ready = Conditions.find(status.conditions(), "Ready");
    assertThat(ready.status()).isEqualTo(state);
    assertThat(ready.message()).isEqualTo(message);
  }

  static void assertCounts(
      WorkloadStatus status, int desired, int replicas, int updated, int ready) {
    assertThat(
            List.of(
                status.desiredReplicas(),
                status.replicas(),
                status.updatedReplicas(),
                status.readyReplicas()))
        .as("desired, replicas, updated, ready")
        .containsExactly(desired, replicas, updated, ready);
  }
}
