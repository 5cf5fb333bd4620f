package io.ubernetes.agent.protocol;

import java.util.List;

/**
 * How one workload is doing in the agent's cluster.
 *
 * @param generation the workload generation whose manifests the agent applied
 * @param applied whether every manifest of that generation was applied
 * @param replicas replicas the cluster's workload object wants
 * @param readyReplicas replicas ready there
 * @param errors why applying failed, per manifest
 * @param updatedReplicas replicas there that run the applied generation's pod template; null from
 *     agents that do not tell
 * @param availableReplicas replicas there that have been ready for their {@code minReadySeconds};
 *     null from agents that do not tell
 * @param podIssues pods that do not run as they should, by the member's reason (pending because no
 *     node can take them, images that do not pull, containers that crash)
 * @param workloadRevision the workload revision whose objects the agent applied, every one of them;
 *     null while none is applied whole, and from agents that do not tell
 * @param restarts container restarts of the pods that run the applied template, in all; null from
 *     agents that do not tell
 * @param objects how each object of the applied work is doing, by the rule of its kind; empty from
 *     agents that do not tell
 */
public record WorkloadReport(
    String workloadUid,
    long generation,
    boolean applied,
    int replicas,
    int readyReplicas,
    List<String> errors,
    List<ServiceReport> services,
    Integer updatedReplicas,
    Integer availableReplicas,
    List<PodIssue> podIssues,
    Integer workloadRevision,
    Integer restarts,
    List<ObjectStatus> objects) {
  public WorkloadReport {
    objects = objects == null ? List.of() : List.copyOf(objects);
    errors = errors == null ? List.of() : List.copyOf(errors);
    services = services == null ? List.of() : List.copyOf(services);
    podIssues = podIssues == null ? List.of() : List.copyOf(podIssues);
  }

  /** Pods that no node of the cluster can take, in all. */
  public int unschedulablePods() {
    int pods = 0;
    for (PodIssue issue : podIssues) {
      if (PodIssue.UNSCHEDULABLE.equals(issue.reason())) {
        pods += Math.max(0, issue.pods());
      }
    }
    return pods;
  }
}
