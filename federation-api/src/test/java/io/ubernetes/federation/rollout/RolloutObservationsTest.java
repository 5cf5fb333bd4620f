package io.ubernetes.federation.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.federation.workload.ClusterReport;
import io.ubernetes.placement.rollout.ClusterObservation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutObservationsTest {
  private static ObjectStatus degraded(String kind, String name, String reason, String message) {
    return new ObjectStatus(
        "v1", kind, "shop", name, ObjectStatus.DEGRADED, reason, message, Map.of());
  }

  private static List<ClusterObservation.Issue> issues(
      List<PodIssue> podIssues, ObjectStatus... objects) {
    ClusterReport report =
        new ClusterReport("a", 1, true, 1, 1, 1, 1, List.of(), podIssues, 2, 0, List.of(objects));
    return new RolloutObservations()
        .of(List.of("a"), Map.of(), Map.of(), Map.of(), Map.of("a", report))
        .get("a")
        .issues();
  }

  @Test
  void aDegradedJobOrCustomResourceOfTheRevisionIsAnIssueThatFailsTheRollout() {
    assertThat(
            issues(
                List.of(),
                degraded("Job", "migrate", "BackoffLimitExceeded", "backoff limit reached"),
                degraded("Database", "orders", "QuotaExceeded", "no storage left"),
                new ObjectStatus(
                    "v1", "Service", "shop", "web", ObjectStatus.PROGRESSING, null, null, null)))
        .containsExactly(
            new ClusterObservation.Issue(
                "ObjectDegraded", "Job migrate: BackoffLimitExceeded: backoff limit reached", 0),
            new ClusterObservation.Issue(
                "ObjectDegraded", "Database orders: QuotaExceeded: no storage left", 0));
  }

  @Test
  void aFailedJobToldByItsPodIssueIsNotToldTwiceAndACronJobsLastRunFailsNoRollout() {
    PodIssue jobFailed = new PodIssue(PodIssue.JOB_FAILED, "backoff limit reached", 4, null);

    assertThat(
            issues(
                List.of(jobFailed),
                degraded("Job", "migrate", "BackoffLimitExceeded", "backoff limit reached"),
                degraded("CronJob", "report", "LastJobFailed", "the run did not succeed")))
        .containsExactly(new ClusterObservation.Issue("JobFailed", "backoff limit reached", 4));
  }
}
