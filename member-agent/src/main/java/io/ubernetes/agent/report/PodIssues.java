package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.ubernetes.agent.protocol.PodIssue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pods of one workload that do not run as they should, tallied by the member's reason as they
 * are read (only counts and a few messages are kept, not the pods): pending because no node can
 * take them ({@code PodScheduled=False}), a container waiting for a reason other than starting up
 * (image pulls, crash loops, configuration errors), or failed. Pods that run, start, finished or
 * are being deleted are no issue. A Job that failed is one too ({@link #jobFailed}).
 */
final class PodIssues {
  static final int MAX_ISSUES = 5;
  static final int MAX_MESSAGE_LENGTH = 256;

  /** Reasons and messages come from the member: bounded, whatever it says. */
  private static final int MAX_REASONS = 32;

  private static final int MAX_MESSAGES_PER_REASON = 8;
  private static final Set<String> STARTING = Set.of("ContainerCreating", "PodInitializing");

  private final Map<String, Tally> byReason = new LinkedHashMap<>();

  void add(Pod pod) {
    Issue issue = issueOf(pod);
    if (issue == null) {
      return;
    }
    Tally tally = byReason.get(issue.reason());
    if (tally == null) {
      if (byReason.size() >= MAX_REASONS) {
        return;
      }
      tally = new Tally();
      byReason.put(issue.reason(), tally);
    }
    tally.add(issue);
  }

  /** At most {@value #MAX_ISSUES}: pods no node can take first, then the most common reasons. */
  List<PodIssue> issues() {
    List<PodIssue> issues = new ArrayList<>(byReason.size());
    byReason.forEach(
        (reason, tally) ->
            issues.add(
                new PodIssue(
                    reason,
                    tally.message(),
                    tally.pods,
                    tally.since == null ? null : tally.since.toString())));
    issues.sort(
        Comparator.comparing((PodIssue issue) -> !PodIssue.UNSCHEDULABLE.equals(issue.reason()))
            .thenComparing(PodIssue::pods, Comparator.reverseOrder())
            .thenComparing(PodIssue::reason));
    return issues.size() <= MAX_ISSUES ? issues : List.copyOf(issues.subList(0, MAX_ISSUES));
  }

  /**
   * A Job that failed as a whole ({@code Failed=True}: its backoff limit or deadline exceeded), as
   * an issue of {@link PodIssue#JOB_FAILED}: the condition's message, the Job's failed pods, and
   * since when.
   */
  static Optional<PodIssue> jobFailed(Job job) {
    if (job.getStatus() == null) {
      return Optional.empty();
    }
    for (JobCondition condition : orEmpty(job.getStatus().getConditions())) {
      if ("Failed".equals(condition.getType()) && "True".equals(condition.getStatus())) {
        Instant since = instant(condition.getLastTransitionTime());
        return Optional.of(
            new PodIssue(
                PodIssue.JOB_FAILED,
                cut(orElse(condition.getMessage(), condition.getReason())),
                job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed(),
                since == null ? null : since.toString()));
      }
    }
    return Optional.empty();
  }

  private record Issue(String reason, String message, Instant since) {}

  private static Issue issueOf(Pod pod) {
    PodStatus status = pod.getStatus();
    if (status == null || pod.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    String phase = status.getPhase();
    if ("Succeeded".equals(phase)) {
      return null;
    }
    if ("Failed".equals(phase)) {
      return new Issue(
          orElse(status.getReason(), "Failed"), status.getMessage(), lastFinished(status));
    }
    if ("Pending".equals(phase)) {
      for (PodCondition condition : orEmpty(status.getConditions())) {
        if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
          return new Issue(
              orElse(condition.getReason(), PodIssue.UNSCHEDULABLE),
              condition.getMessage(),
              instant(condition.getLastTransitionTime()));
        }
      }
    }
    // Init containers first: the pod's containers wait for them.
    for (List<ContainerStatus> statuses :
        List.of(
            orEmpty(status.getInitContainerStatuses()), orEmpty(status.getContainerStatuses()))) {
      for (ContainerStatus container : statuses) {
        if (container.getState() != null
            && container.getState().getWaiting() != null
            && container.getState().getWaiting().getReason() != null
            && !STARTING.contains(container.getState().getWaiting().getReason())) {
          // The waiting state has no start; the pod's creation is stable from one report to the
          // next, where the last crash of a crash loop would change every time.
          return new Issue(
              container.getState().getWaiting().getReason(),
              container.getState().getWaiting().getMessage(),
              instant(pod.getMetadata().getCreationTimestamp()));
        }
      }
    }
    return null;
  }

  /** When the last of a failed pod's containers ended, if any tells. */
  private static Instant lastFinished(PodStatus status) {
    Instant last = null;
    for (List<ContainerStatus> statuses :
        List.of(
            orEmpty(status.getInitContainerStatuses()), orEmpty(status.getContainerStatuses()))) {
      for (ContainerStatus container : statuses) {
        if (container.getState() != null && container.getState().getTerminated() != null) {
          Instant finished = instant(container.getState().getTerminated().getFinishedAt());
          if (finished != null && (last == null || finished.isAfter(last))) {
            last = finished;
          }
        }
      }
    }
    return last;
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String cut(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    int end = MAX_MESSAGE_LENGTH - 3;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--;
    }
    return message.substring(0, end) + "...";
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** One reason's pods: how many, the earliest since, and how often each message came. */
  private static final class Tally {
    private final Map<String, Integer> messages = new LinkedHashMap<>();
    private int pods;
    private Instant since;

    void add(Issue issue) {
      pods++;
      if (issue.since() != null && (since == null || issue.since().isBefore(since))) {
        since = issue.since();
      }
      String message = cut(issue.message());
      if (message != null
          && !message.isBlank()
          && (messages.containsKey(message) || messages.size() < MAX_MESSAGES_PER_REASON)) {
        messages.merge(message, 1, Integer::sum);
      }
    }

    /** The most common message; on a tie, the first read. */
    String message() {
      String best = null;
      int bestCount = 0;
      for (Map.Entry<String, Integer> entry : messages.entrySet()) {
        if (entry.getValue() > bestCount) {
          best = entry.getKey();
          bestCount = entry.getValue();
        }
      }
      return best;
    }
  }
}
