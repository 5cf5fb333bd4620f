package io.ubernetes.placement.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {
  private static ClusterObservation reporting(int revision, ClusterObservation.Issue... issues) {
    return new ClusterObservation(
        "onprem-fra",
        Map.of(),
        true,
        false,
        revision,
        true,
        1,
        1,
        1,
        List.of(issues),
        0,
        List.of());
  }

  @Test
  void anObjectReportedDegradedOnTheAssignedRevisionIsAFailureNamedWithoutPods() {
    ClusterObservation report =
        reporting(
            2,
            new ClusterObservation.Issue(
                "ObjectDegraded", "Database orders: QuotaExceeded: no storage left", 0));

    assertThat(Health.failure(report, 2))
        .isEqualTo("ObjectDegraded: Database orders: QuotaExceeded: no storage left");
    assertThat(Health.failure(report, 3)).as("a report of another revision").isNull();
  }
}
