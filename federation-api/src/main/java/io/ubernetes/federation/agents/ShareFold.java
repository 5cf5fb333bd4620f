package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.WorkloadReadiness;
import io.ubernetes.federation.workload.WorkloadStatus;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds what clusters last reported about a workload into its status: each share's counts and
 * health, {@code Applied} (every cluster runs the current generation) and, through {@link
 * WorkloadReadiness}, the totals and {@code Ready}. A share on a cluster that is unreachable is
 * {@code Unknown}: its last report vouches for nothing.
 */
final class ShareFold {
  private ShareFold() {}

  /**
   * One cluster's last report about one workload.
   *
   * @param updatedReplicas null from agents that do not tell
   * @param availableReplicas null from agents that do not tell
   */
  record Report(
      String cluster,
      long generation,
      boolean applied,
      int replicas,
      int readyReplicas,
      Integer updatedReplicas,
      Integer availableReplicas,
      List<String> errors,
      List<PodIssue> podIssues) {
    Report {
      errors = errors == null ? List.of() : List.copyOf(errors);
      podIssues = podIssues == null ? List.of() : List.copyOf(podIssues);
    }
  }

  /**
   * @param reports the last report of each cluster, by cluster name
   * @param unreachable the clusters that cannot be counted on, with why
   */
  static WorkloadStatus fold(
      WorkloadStatus status,
      Map<String, Report> reports,
      Map<String, String> unreachable,
      long generation,
      Instant now) {
    List<ClusterReplicas> clusters = new ArrayList<>();
    int applied = 0;
    int placedClusters = 0;
    int wanted = 0;
    List<String> errors = new ArrayList<>();
    for (ClusterReplicas placed : status.clusters()) {
      Report report = reports.get(placed.name());
      int here = placed.replicas() == null ? 0 : placed.replicas();
      wanted += placed.wanted();
      if (here > 0) {
        // A cluster a move is emptying still counts until its replicas are gone.
        placedClusters++;
      }
      if (report != null && here > 0 && report.generation() == generation && report.applied()) {
        applied++;
      }
      if (report != null && here > 0) {
        report.errors().forEach(e -> errors.add(placed.name() + ": " + e));
      }
      clusters.add(share(placed, report, unreachable.get(placed.name()), generation));
    }
    List<io.ubernetes.federation.resource.Condition> conditions = status.conditions();
    if (!errors.isEmpty()) {
      conditions =
          Conditions.set(
              conditions,
              "Applied",
              "False",
              "ApplyFailed",
              String.join("; ", errors),
              generation,
              now);
    } else if (applied == placedClusters && placedClusters > 0) {
      conditions =
          Conditions.set(
              conditions,
              "Applied",
              "True",
              "Applied",
              "Generation " + generation + " runs in every cluster",
              generation,
              now);
    } else {
      conditions =
          Conditions.set(
              conditions,
              "Applied",
              "False",
              "Applying",
              applied + " of " + placedClusters + " clusters run generation " + generation,
              generation,
              now);
    }
    WorkloadStatus withApplied =
        new WorkloadStatus(
            status.observedGeneration(),
            conditions,
            status.clusters(),
            status.desiredReplicas(),
            status.replicas(),
            status.updatedReplicas(),
            status.readyReplicas(),
            status.availableReplicas());
    int desired = status.desiredReplicas() != null ? status.desiredReplicas() : wanted;
    return WorkloadReadiness.summarize(withApplied, clusters, desired, generation, now);
  }

  /** One share as its cluster reported it, or Unknown when the cluster is unreachable. */
  static ClusterReplicas share(
      ClusterReplicas placed, Report report, String unreachable, long generation) {
    int here = placed.replicas() == null ? 0 : placed.replicas();
    if (unreachable != null) {
      return new ClusterReplicas(
          placed.name(),
          placed.replicas(),
          placed.targetReplicas(),
          null,
          null,
          null,
          ClusterReplicas.UNKNOWN,
          unreachable);
    }
    if (report == null) {
      return ClusterReplicas.placed(placed.name(), here, placed.targetReplicas());
    }
    int ready = Math.min(Math.max(0, report.readyReplicas()), here);
    int updated;
    if (report.generation() != generation) {
      updated = 0;
    } else if (report.updatedReplicas() != null) {
      updated = Math.min(Math.max(0, report.updatedReplicas()), here);
    } else {
      updated = report.applied() ? Math.min(Math.max(0, report.replicas()), here) : 0;
    }
    int available =
        report.availableReplicas() == null
            ? ready
            : Math.min(Math.max(0, report.availableReplicas()), here);
    String message = describe(report);
    String health =
        message != null
            ? ClusterReplicas.DEGRADED
            : ready >= here ? ClusterReplicas.HEALTHY : ClusterReplicas.PROGRESSING;
    return new ClusterReplicas(
        placed.name(),
        placed.replicas(),
        placed.targetReplicas(),
        updated,
        ready,
        available,
        health,
        message);
  }

  /**
   * What the cluster says is wrong, in its own words: {@code 2 pods Pending: 0/4 nodes are
   * available: 4 Insufficient cpu.; 1 pod CrashLoopBackOff: back-off 5m0s restarting failed
   * container}; or the first manifest that could not be applied; null when nothing is.
   */
  static String describe(Report report) {
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
    if (parts.isEmpty() && !report.errors().isEmpty()) {
      parts.add("not applied: " + report.errors().getFirst());
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }
}
