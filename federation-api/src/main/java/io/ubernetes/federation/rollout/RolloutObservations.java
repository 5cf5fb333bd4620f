package io.ubernetes.federation.rollout;

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
 * workload. Health comes from the members' own reports only.
 */
final class RolloutObservations {

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

  /** A count the agent may not tell: then what the older fields imply. */
  private static int count(Integer told, int otherwise) {
    return told == null ? otherwise : Math.max(0, told);
  }
}
