package io.ubernetes.placement.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Judges one updating or baking cluster from its agent's report, the only source of truth about a
 * member: a cluster passes when it runs its assigned revision with every replica updated and
 * available, with no failure, for the stage's whole bake; it fails on a failure the member reports,
 * on restarts during the bake, on flapping readiness, or when it takes longer than the deadline.
 */
final class Health {
  /**
   * Pod issues that fail a rollout; {@code Unschedulable} is not one (the scheduler moves those).
   */
  static final Set<String> FAILURES =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "CreateContainerConfigError",
          "CreateContainerError",
          "InvalidImageName",
          "RunContainerError",
          "JobFailed",
          "Failed",
          "ObjectDegraded");

  /** Availability lost this many times during bakes fails the cluster. */
  static final int MAX_FLAPS = 3;

  /** The reason an unreachable cluster shows while its clock stands still. */
  static final String UNREACHABLE = "Unreachable: no report from its agent";

  private Health() {}

  /** The cluster's next state, and what a person should read about the change (null for none). */
  record Verdict(ClusterRollout cluster, String event) {}

  static Verdict judge(
      ClusterRollout cluster, ClusterObservation report, Stage stage, Instant now) {
    Duration deadline = stage.progressDeadline();
    if (!report.reachable()) {
      // Nothing is known of it: its bake neither passes nor fails, but it does not wait forever.
      if (!now.isBefore(cluster.since().plus(deadline))) {
        return failed(
            cluster,
            now,
            "ProgressDeadlineExceeded: no report from its agent within " + text(deadline));
      }
      return new Verdict(cluster.withReason(UNREACHABLE), null);
    }
    ClusterRollout current = cluster;
    if (UNREACHABLE.equals(cluster.reason())) {
      // What happened while it was away is unknown: a bake must be seen whole, so it starts over.
      current =
          cluster.is(ClusterState.BAKING)
              ? cluster.baking(now, report.restarts())
              : cluster.withReason(null);
    }
    int revision = current.assigned() == null ? -1 : current.assigned();
    String failure = failure(report, revision);
    if (failure != null) {
      return failed(current, now, failure);
    }
    boolean healthy = healthy(report, revision);
    if (current.is(ClusterState.UPDATING)) {
      if (!healthy) {
        if (!now.isBefore(current.since().plus(deadline))) {
          return failed(
              current,
              now,
              "ProgressDeadlineExceeded: not healthy on revision "
                  + revision
                  + " within "
                  + text(deadline)
                  + " ("
                  + progress(report, revision)
                  + ")");
        }
        return new Verdict(current, null);
      }
      current = current.baking(now, report.restarts());
    }
    if (grew(current.restartsAtStart(), report.restarts())) {
      return failed(
          current,
          now,
          "Restarting: containers restarted during the bake ("
              + current.restartsAtStart()
              + " -> "
              + report.restarts()
              + " restarts)");
    }
    if (!healthy) {
      ClusterRollout flapped = current.flapped(now);
      if (flapped.flaps() >= MAX_FLAPS) {
        return failed(
            flapped,
            now,
            "ReadinessFlapping: lost availability "
                + flapped.flaps()
                + " times during the bake ("
                + progress(report, revision)
                + ")");
      }
      return new Verdict(
          flapped,
          "lost availability during the bake ("
              + progress(report, revision)
              + "), flap "
              + flapped.flaps()
              + " of "
              + MAX_FLAPS);
    }
    if (!now.isBefore(current.since().plus(stage.minReadyTime()))) {
      return new Verdict(
          current.to(ClusterState.HEALTHY, now, null), "healthy on revision " + revision);
    }
    if (current != cluster && cluster.is(ClusterState.UPDATING)) {
      return new Verdict(
          current, "ready on revision " + revision + ", baking for " + text(stage.minReadyTime()));
    }
    return new Verdict(current, null);
  }

  /** Whether the report shows the revision running in full, every replica updated and available. */
  static boolean healthy(ClusterObservation report, int revision) {
    return report.reachable()
        && report.reportedRevision() != null
        && report.reportedRevision() == revision
        && report.applied()
        && report.updated() == report.replicas()
        && report.available() == report.replicas();
  }

  /**
   * The failure the member reports for {@code revision}, as {@code reason (pods): message}; null if
   * none. Issues of another revision are the old pods' and do not count against this one.
   */
  static String failure(ClusterObservation report, int revision) {
    if (report.reportedRevision() == null || report.reportedRevision() != revision) {
      return null;
    }
    if (!report.applied() && !report.errors().isEmpty()) {
      return "ApplyFailed: " + String.join("; ", report.errors());
    }
    return report.issues().stream()
        .filter(issue -> FAILURES.contains(issue.reason()))
        .sorted(
            java.util.Comparator.comparing(ClusterObservation.Issue::reason)
                .thenComparing(issue -> issue.message() == null ? "" : issue.message()))
        .findFirst()
        .map(
            issue ->
                issue.reason()
                    + (issue.pods() <= 0
                        ? ""
                        : " (" + issue.pods() + (issue.pods() == 1 ? " pod)" : " pods)"))
                    + (issue.message() == null || issue.message().isBlank()
                        ? ""
                        : ": " + issue.message()))
        .orElse(null);
  }

  private static boolean grew(Integer before, Integer after) {
    return before != null && after != null && after > before;
  }

  private static Verdict failed(ClusterRollout cluster, Instant now, String reason) {
    return new Verdict(cluster.to(ClusterState.FAILED, now, reason), "failed: " + reason);
  }

  private static String progress(ClusterObservation report, int revision) {
    if (report.reportedRevision() == null || report.reportedRevision() != revision) {
      return "reports revision "
          + (report.reportedRevision() == null ? "none" : report.reportedRevision());
    }
    if (!report.applied()) {
      return "not applied yet";
    }
    return report.updated()
        + " updated, "
        + report.available()
        + " available of "
        + report.replicas();
  }

  /** A duration as the spec writes it: {@code 90s}, {@code 5m}, {@code 1h30m}. */
  static String text(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (duration.toHours() > 0) {
      text.append(duration.toHours()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    return text.isEmpty() ? duration.toMillis() + "ms" : text.toString();
  }
}
