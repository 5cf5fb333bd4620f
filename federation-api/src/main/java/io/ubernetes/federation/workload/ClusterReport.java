package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import java.util.List;

/**
 * One cluster's last report about one workload, as a workload's status and its rollout are computed
 * from it.
 *
 * @param updatedReplicas null from agents that do not tell
 * @param availableReplicas null from agents that do not tell
 * @param workloadRevision the workload revision whose objects the cluster applied, all of them;
 *     null from agents that do not tell, or before any was applied
 * @param restarts container restarts of the pods that run the applied template, in all; null from
 *     agents that do not tell
 * @param objects how each object of the applied work is doing; empty from agents that do not tell
 */
public record ClusterReport(
    String cluster,
    long generation,
    boolean applied,
    int replicas,
    int readyReplicas,
    Integer updatedReplicas,
    Integer availableReplicas,
    List<String> errors,
    List<PodIssue> podIssues,
    Integer workloadRevision,
    Integer restarts,
    List<ObjectStatus> objects) {
  public ClusterReport {
    errors = errors == null ? List.of() : List.copyOf(errors);
    podIssues = podIssues == null ? List.of() : List.copyOf(podIssues);
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  /** A report from an agent that tells no workload revision nor restarts. */
  public ClusterReport(
      String cluster,
      long generation,
      boolean applied,
      int replicas,
      int readyReplicas,
      Integer updatedReplicas,
      Integer availableReplicas,
      List<String> errors,
      List<PodIssue> podIssues) {
    this(
        cluster,
        generation,
        applied,
        replicas,
        readyReplicas,
        updatedReplicas,
        availableReplicas,
        errors,
        podIssues,
        null,
        null,
        null);
  }
}
