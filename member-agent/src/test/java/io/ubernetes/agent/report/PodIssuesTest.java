package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.ubernetes.agent.protocol.PodIssue;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodIssuesTest {
  private static final String CREATED = "2026-12-06T08:00:00Z";

  private static Pod pod(PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withCreationTimestamp(CREATED)
        .endMetadata()
        .withStatus(status)
        .build();
  }

  private static PodStatus unschedulable(String message, String since) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(message)
        .withLastTransitionTime(since)
        .endCondition()
        .build();
  }

  private static PodStatus waiting(String phase, String reason, String message) {
    return new PodStatusBuilder()
        .withPhase(phase)
        .addNewContainerStatus()
        .withName("web")
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .build();
  }

  private static List<PodIssue> issues(Pod... pods) {
    PodIssues issues = new PodIssues();
    for (Pod pod : pods) {
      issues.add(pod);
    }
    return issues.issues();
  }

  @Test
  void podsThatRunStartOrFinishedAreNoIssue() {
    Pod deleted = pod(unschedulable("0/1 nodes are available.", "2026-12-06T10:00:00Z"));
    deleted.getMetadata().setDeletionTimestamp("2026-12-06T10:01:00Z");

    assertThat(
            issues(
                pod(new PodStatusBuilder().withPhase("Running").build()),
                pod(new PodStatusBuilder().withPhase("Pending").build()),
                pod(new PodStatusBuilder().withPhase("Succeeded").build()),
                pod(null),
                pod(waiting("Pending", "ContainerCreating", null)),
                pod(waiting("Pending", "PodInitializing", null)),
                deleted))
        .isEmpty();
  }

  @Test
  void unschedulablePodsComeWithTheSchedulersMessageSinceTheFirstOfThemWasRefused() {
    assertThat(
            issues(
                pod(
                    unschedulable(
                        "0/4 nodes are available: 4 Insufficient cpu.", "2026-12-06T10:00:05Z")),
                pod(
                    unschedulable(
                        "0/4 nodes are available: 4 Insufficient cpu.", "2026-12-06T10:00:01Z")),
                pod(
                    unschedulable(
                        "0/4 nodes are available: 4 Insufficient memory.",
                        "2026-12-06T10:00:03+01:00"))))
        .containsExactly(
            new PodIssue(
                PodIssue.UNSCHEDULABLE,
                "0/4 nodes are available: 4 Insufficient cpu.",
                3,
                "2026-12-06T09:00:03Z"));
  }

  @Test
  void theMessageIsTheMostCommonOneOrElseTheFirst() {
    assertThat(
            issues(
                pod(waiting("Pending", "ErrImagePull", "first")),
                pod(waiting("Pending", "ErrImagePull", "second")),
                pod(waiting("Pending", "ErrImagePull", "second")),
                pod(waiting("Pending", "InvalidImageName", "one")),
                pod(waiting("Pending", "InvalidImageName", "other"))))
        .containsExactly(
            new PodIssue("ErrImagePull", "second", 3, CREATED),
            new PodIssue("InvalidImageName", "one", 2, CREATED));
  }

  @Test
  void longMessagesAreCut() {
    String message = "x".repeat(5000);

    List<PodIssue> issues = issues(pod(waiting("Pending", "ErrImagePull", message)));

    assertThat(issues)
        .singleElement()
        .satisfies(
            issue -> {
              assertThat(issue.message()).hasSizeLessThanOrEqualTo(PodIssues.MAX_MESSAGE_LENGTH);
              assertThat(issue.message()).startsWith("x".repeat(200));
            });
  }

  @Test
  void keepsAHandfulOfReasonsUnschedulableFirstThenTheMostCommon() {
    List<PodIssue> issues =
        issues(
            pod(waiting("Pending", "A", null)),
            pod(waiting("Pending", "B", null)),
            pod(waiting("Pending", "B", null)),
            pod(waiting("Pending", "C", null)),
            pod(waiting("Pending", "C", null)),
            pod(waiting("Pending", "C", null)),
            pod(waiting("Pending", "D", null)),
            pod(waiting("Pending", "D", null)),
            pod(waiting("Pending", "E", null)),
            pod(waiting("Pending", "E", null)),
            pod(waiting("Pending", "F", null)),
            pod(unschedulable(null, null)));

    assertThat(issues)
        .extracting(PodIssue::reason)
        .containsExactly(PodIssue.UNSCHEDULABLE, "C", "B", "D", "E");
    assertThat(issues.getFirst()).isEqualTo(new PodIssue(PodIssue.UNSCHEDULABLE, null, 1, null));
  }

  @Test
  void aFailedPodGivesItsReasonOrFailedAndItsMessage() {
    PodStatus evicted =
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .build();
    PodStatus failed =
        new PodStatusBuilder()
            .withPhase("Failed")
            .addNewContainerStatus()
            .withName("web")
            .withNewState()
            .withNewTerminated()
            .withExitCode(1)
            .withFinishedAt("2026-12-06T09:30:00Z")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build();

    assertThat(issues(pod(evicted), pod(failed)))
        .containsExactlyInAnyOrder(
            new PodIssue("Evicted", "The node was low on resource: memory.", 1, null),
            new PodIssue("Failed", null, 1, "2026-12-06T09:30:00Z"));
  }

  @Test
  void aWaitingInitContainerIsTheReasonOfItsPod() {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewInitContainerStatus()
            .withName("migrate")
            .withNewState()
            .withNewWaiting()
            .withReason("CreateContainerConfigError")
            .withMessage("secret \"db\" not found")
            .endWaiting()
            .endState()
            .endInitContainerStatus()
            .addNewContainerStatus()
            .withName("web")
            .withNewState()
            .withNewWaiting()
            .withReason("PodInitializing")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .build();

    assertThat(issues(pod(status)))
        .containsExactly(
            new PodIssue("CreateContainerConfigError", "secret \"db\" not found", 1, CREATED));
  }

  @Test
  void aPodTheSchedulerHoldsBackForAnotherReasonGivesThatReason() {
    PodStatus gated =
        new PodStatusBuilder()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("SchedulingGated")
            .withMessage("Scheduling is blocked due to non-empty scheduling gates")
            .withLastTransitionTime("2026-12-06T10:00:00Z")
            .endCondition()
            .build();

    assertThat(issues(pod(gated)))
        .containsExactly(
            new PodIssue(
                "SchedulingGated",
                "Scheduling is blocked due to non-empty scheduling gates",
                1,
                "2026-12-06T10:00:00Z"));
  }

  @Test
  void aJobWhoseFailedConditionIsTrueIsAJobFailedIssueWithTheConditionsMessageAndItsFailedPods() {
    Job failed =
        new JobBuilder()
            .withNewMetadata()
            .withName("migrate")
            .endMetadata()
            .withNewStatus()
            .withFailed(4)
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason("BackoffLimitExceeded")
            .withMessage("Job has reached the specified backoff limit")
            .withLastTransitionTime("2026-12-06T10:00:00Z")
            .endCondition()
            .endStatus()
            .build();
    Job running =
        new JobBuilder()
            .withNewMetadata()
            .withName("migrate")
            .endMetadata()
            .withNewStatus()
            .withActive(1)
            .withFailed(1)
            .addNewCondition()
            .withType("Failed")
            .withStatus("False")
            .endCondition()
            .endStatus()
            .build();

    assertThat(PodIssues.jobFailed(failed))
        .contains(
            new PodIssue(
                PodIssue.JOB_FAILED,
                "Job has reached the specified backoff limit",
                4,
                "2026-12-06T10:00:00Z"));
    assertThat(PodIssues.jobFailed(running)).isEmpty();
    assertThat(PodIssues.jobFailed(new JobBuilder().withNewMetadata().endMetadata().build()))
        .isEmpty();
  }
}
