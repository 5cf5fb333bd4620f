package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jobs: up to {@code parallelism} pods at a time until {@code completions} of them succeeded (the
 * pods succeed on their own, see {@link PodSimulator}); then {@code Complete=True}. A failed pod is
 * replaced until more than {@code backoffLimit} (default 6) failed; then the Job's active pods go,
 * and it is {@code Failed=True} with reason {@code BackoffLimitExceeded} (simplified from the Job
 * controller: no delay between replacements, pods counted by phase only). A suspended Job's pods
 * are removed. Pods are named {@code <job>-<n>}.
 */
final class JobController {
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
  static final int DEFAULT_BACKOFF_LIMIT = 6;

  /** Why a Job finished: the reason and message of its conditions. */
  private record Finish(String reason, String message) {}

  private static final Finish COMPLETED =
      new Finish("CompletionsReached", "Reached expected number of succeeded pods");
  private static final Finish BACKOFF_LIMIT_EXCEEDED =
      new Finish("BackoffLimitExceeded", "Job has reached the specified backoff limit");

  private final Mirror<Job> jobs;
  private final Mirror<Pod> pods;
  private final NewPods created;

  JobController(Mirror<Job> jobs, Mirror<Pod> pods, NewPods created) {
    this.jobs = jobs;
    this.pods = pods;
    this.created = created;
  }

  void reconcile(Instant now) {
    Map<String, List<Pod>> owned = Pods.byController(pods.items());
    for (Job job : jobs.items()) {
      if (job.getMetadata().getDeletionTimestamp() == null
          && job.getSpec() != null
          && job.getSpec().getTemplate() != null) {
        reconcile(job, owned.getOrDefault(job.getMetadata().getUid(), List.of()), now);
      }
    }
  }

  private void reconcile(Job job, List<Pod> owned, Instant now) {
    int completions = count(job.getSpec().getCompletions());
    int parallelism = count(job.getSpec().getParallelism());
    boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
    List<Pod> active = new ArrayList<>();
    int succeeded = 0;
    int failed = 0;
    for (Pod pod : owned) {
      switch (String.valueOf(Pods.phase(pod))) {
        case "Succeeded" -> succeeded++;
        case "Failed" -> failed++;
        default -> {
          if (Pods.active(pod)) {
            active.add(pod);
          }
        }
      }
    }
    JobStatus before = job.getStatus() == null ? new JobStatus() : job.getStatus();
    boolean complete = succeeded >= completions;
    boolean failedJob = !complete && (failed > backoffLimit(job) || hasFailed(before));
    int wanted =
        complete || failedJob || suspended ? 0 : Math.min(parallelism, completions - succeeded);
    String name = job.getMetadata().getName();
    Map<String, String> labels =
        Map.of(
            JOB_NAME_LABEL,
            name,
            "job-name",
            name,
            CONTROLLER_UID_LABEL,
            job.getMetadata().getUid(),
            "controller-uid",
            job.getMetadata().getUid());
    // Finished pods stay, so new names count them too.
    List<Pod> named = new ArrayList<>(owned);
    for (int i = active.size(); i < wanted; i++) {
      Pod pod =
          Pods.fromTemplate(
              job, job.getSpec().getTemplate(), Pods.nextName(name + "-", named), labels);
      named.add(pod);
      created.add(pod);
    }
    Replicas.remove(pods, active, active.size() - wanted);

    JobStatusBuilder status =
        new JobStatusBuilder(before)
            .withActive(failedJob ? 0 : active.size())
            .withReady(failedJob ? 0 : Replicas.ready(active))
            .withSucceeded(succeeded)
            .withFailed(failed)
            .withTerminating(0);
    if (before.getStartTime() == null && !suspended) {
      status.withStartTime(PodLifecycle.timestamp(now));
    }
    if (complete && before.getCompletionTime() == null) {
      status
          .withCompletionTime(PodLifecycle.timestamp(now))
          .withConditions(
              finished(before, "SuccessCriteriaMet", COMPLETED, now),
              finished(before, "Complete", COMPLETED, now));
    }
    if (failedJob) {
      status.withConditions(
          finished(before, "FailureTarget", BACKOFF_LIMIT_EXCEEDED, now),
          finished(before, "Failed", BACKOFF_LIMIT_EXCEEDED, now));
    }
    JobStatus after = status.build();
    if (!after.equals(job.getStatus())) {
      jobs.updateStatus(new JobBuilder(job).withStatus(after).build());
    }
  }

  private static int backoffLimit(Job job) {
    Integer limit = job.getSpec().getBackoffLimit();
    return limit == null ? DEFAULT_BACKOFF_LIMIT : Math.max(0, limit);
  }

  /** A failed Job stays failed, whatever becomes of its pods. */
  private static boolean hasFailed(JobStatus status) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static JobCondition finished(JobStatus before, String type, Finish finish, Instant now) {
    if (before.getConditions() != null) {
      for (JobCondition condition : before.getConditions()) {
        if (type.equals(condition.getType()) && "True".equals(condition.getStatus())) {
          return condition;
        }
      }
    }
    String time = PodLifecycle.timestamp(now);
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(finish.reason())
        .withMessage(finish.message())
        .withLastProbeTime(time)
        .withLastTransitionTime(time)
        .build();
  }

  private static int count(Integer value) {
    return value == null ? 1 : Math.max(0, value);
  }
}
