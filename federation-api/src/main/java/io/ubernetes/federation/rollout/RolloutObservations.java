package io.ubernetes.federation.rollout;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.federation.workload.ClusterReport;
import io.ubernetes.placement.rollout.ClusterObservation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the rollout machine is told of a workload's clusters: their labels, whether they can be
 * counted on, whether replicas are leaving them, and what their agents last reported about the
 * workload. Health comes from the members' own reports only: pod issues, apply errors, and objects
 * reported Degraded.
 */
final class RolloutObservations {
  static final String OBJECT_DEGRADED = "ObjectDegraded";

  /**
   * @param clusters the clusters the workload is committed to
   * @param labels every cluster's labels
   * @param unreachable the clusters that cannot be counted on
   * @param leaving the failed or drained clusters
   * @param reports the workload's last report from each cluster
   */
  Map<String, ClusterObservation> of(
      Collection<String> clusters,
      Map<String, Map<String, String>> labels,
      Map<String, String> unreachable,
      Map<String, String> leaving,
      Map<String, ClusterReport> reports) {
    Map<String, ClusterObservation> observations = new TreeMap<>();
    for (String cluster : clusters) {
      ClusterReport report = reports.get(cluster);
      boolean reachable = !unreachable.containsKey(cluster);
      boolean away = leaving.containsKey(cluster);
      Map<String, String> theirs = labels.getOrDefault(cluster, Map.of());
      if (report == null) {
        observations.put(
            cluster,
            new ClusterObservation(
                cluster, theirs, reachable, away, null, false, 0, 0, 0, List.of(), null,
                List.of()));
        continue;
      }
      List<ClusterObservation.Issue> issues = new ArrayList<>();
      for (PodIssue issue : report.podIssues()) {
        if (issue.reason() != null && issue.pods() > 0) {
          issues.add(new ClusterObservation.Issue(issue.reason(), issue.message(), issue.pods()));
        }
      }
      degraded(report, issues);
      int replicas = Math.max(0, report.replicas());
      observations.put(
          cluster,
          new ClusterObservation(
              cluster,
              theirs,
              reachable,
              away,
              report.workloadRevision(),
              report.applied(),
              replicas,
              count(report.updatedReplicas(), report.applied() ? replicas : 0),
              count(report.availableReplicas(), Math.max(0, report.readyReplicas())),
              issues,
              report.restarts(),
              report.errors()));
    }
    return observations;
  }

  /**
   * Objects of the reported revision that are Degraded fail a rollout as failed pods do: a Job that
   * failed (unless its pod issue tells it already), a custom resource whose Ready condition is
   * False, a Deployment past its progress deadline, a claim that lost its volume. Not a CronJob:
   * its last run may well have been scheduled before the revision.
   */
  private static void degraded(ClusterReport report, List<ClusterObservation.Issue> issues) {
    boolean jobFailed =
        report.podIssues().stream().anyMatch(issue -> PodIssue.JOB_FAILED.equals(issue.reason()));
    for (ObjectStatus object : report.objects()) {
      if (ObjectStatus.DEGRADED.equals(object.health())
          && !"CronJob".equals(object.kind())
          && !(jobFailed && "Job".equals(object.kind()))) {
        issues.add(
            new ClusterObservation.Issue(
                OBJECT_DEGRADED,
                object.kind()
                    + " "
                    + object.name()
                    + (object.reason() == null ? "" : ": " + object.reason())
                    + (object.message() == null ? "" : ": " + object.message()),
                0));
      }
    }
  }

  /** A count the agent may not tell: then what the older fields imply. */
  private static int count(Integer told, int otherwise) {
    return told == null ? otherwise : Math.max(0, told);
  }
}
