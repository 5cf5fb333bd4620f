package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster's share of a workload as its cluster last reported it. A share on a cluster that is
 * unreachable is {@code Unknown}: its last report vouches for nothing.
 */
final class ShareStatus {
  private ShareStatus() {}

  /**
   * The share of {@code cluster}, told to run {@code share} replicas now.
   *
   * @param targetReplicas while replicas move, what the cluster is to run once the move completes;
   *     null when it is {@code share}
   * @param report the cluster's last report; null when it has not reported yet
   * @param unreachable why the cluster cannot be counted on; null when it can
   * @param generation the workload's generation now
   * @param targetRevision the revision being rolled out; null before the first rollout
   * @param counting what the counts count: the share's pods, the pods the cluster's autoscaler
   *     runs, or the share as a whole for a template without pods
   */
  static ClusterReplicas of(
      String cluster,
      int share,
      Integer targetReplicas,
      ClusterReport report,
      String unreachable,
      long generation,
      Integer targetRevision,
      ReplicaCounting counting) {
    if (unreachable != null) {
      return new ClusterReplicas(
          cluster,
          share,
          targetReplicas,
          null,
          null,
          null,
          ClusterReplicas.UNKNOWN,
          unreachable,
          null,
          report == null ? null : report.objects(),
          null);
    }
    if (report == null) {
      return ClusterReplicas.placed(cluster, share, targetReplicas);
    }
    Integer memberReplicas =
        counting == ReplicaCounting.BY_MEMBERS ? Math.max(0, report.replicas()) : null;
    int here = memberReplicas != null ? memberReplicas : share;
    boolean byRevision = targetRevision != null && report.workloadRevision() != null;
    boolean current =
        byRevision
            ? targetRevision.equals(report.workloadRevision())
            : report.generation() == generation;
    int ready;
    int updated;
    int available;
    if (counting == ReplicaCounting.BY_OBJECTS) {
      ready = report.applied() && settled(report) ? here : 0;
      updated = current && report.applied() ? here : 0;
      available = ready;
    } else {
      ready = Math.min(Math.max(0, report.readyReplicas()), here);
      if (!current) {
        updated = 0;
      } else if (report.updatedReplicas() != null) {
        updated = Math.min(Math.max(0, report.updatedReplicas()), here);
      } else {
        updated = report.applied() ? Math.min(Math.max(0, report.replicas()), here) : 0;
      }
      available =
          report.availableReplicas() == null
              ? ready
              : Math.min(Math.max(0, report.availableReplicas()), here);
    }
    String message = describe(report);
    String health =
        message != null
            ? ClusterReplicas.DEGRADED
            : ready >= here ? ClusterReplicas.HEALTHY : ClusterReplicas.PROGRESSING;
    return new ClusterReplicas(
        cluster,
        share,
        targetReplicas,
        updated,
        ready,
        available,
        health,
        message,
        memberReplicas,
        report.objects(),
        report.podIssues().stream().filter(issue -> issue.pods() > 0).toList());
  }

  /** Whether none of the objects the cluster reports is Degraded or still Progressing. */
  private static boolean settled(ClusterReport report) {
    for (ObjectStatus object : report.objects()) {
      if (ObjectStatus.DEGRADED.equals(object.health())
          || ObjectStatus.PROGRESSING.equals(object.health())) {
        return false;
      }
    }
    return true;
  }

  /**
   * What the cluster says is wrong, in its own words: {@code 2 pods Pending: 0/4 nodes are
   * available: 4 Insufficient cpu.; 1 pod CrashLoopBackOff: back-off 5m0s restarting failed
   * container}; {@code Database shop/orders Degraded: QuotaExceeded: no storage left} for each
   * object whose health is Degraded; or the first manifest that could not be applied; null when
   * nothing is.
   */
  static String describe(ClusterReport report) {
    List<String> parts = new ArrayList<>();
    for (PodIssue issue : report.podIssues()) {
      if (issue.pods() <= 0) {
        continue;
      }
      String state = PodIssue.UNSCHEDULABLE.equals(issue.reason()) ? "Pending" : issue.reason();
      parts.add(
          issue.pods()
              + (issue.pods() == 1 ? " pod " : " pods ")
              + state
              + (issue.message() == null || issue.message().isBlank()
                  ? ""
                  : ": " + issue.message()));
    }
    boolean jobFailed =
        report.podIssues().stream().anyMatch(issue -> PodIssue.JOB_FAILED.equals(issue.reason()));
    for (ObjectStatus object : report.objects()) {
      // A failed Job is told by its pod issue already, in the same words.
      if (ObjectStatus.DEGRADED.equals(object.health())
          && !(jobFailed && "Job".equals(object.kind()))) {
        parts.add(ObjectHealth.describe(object));
      }
    }
    if (parts.isEmpty() && !report.errors().isEmpty()) {
      parts.add("not applied: " + report.errors().getFirst());
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }
}
