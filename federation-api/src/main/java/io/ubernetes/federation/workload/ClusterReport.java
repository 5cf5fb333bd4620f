package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.PodIssue;
import java.util.List;

/**
 * One cluster's last report about one workload, as a workload's status is computed from it.
 *
 * @param updatedReplicas null from agents that do not tell
 * @param availableReplicas null from agents that do not tell
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
    List<PodIssue> podIssues) {
  public ClusterReport {
    errors = errors == null ? List.of() : List.copyOf(errors);
    podIssues = podIssues == null ? List.of() : List.copyOf(podIssues);
  }
}
