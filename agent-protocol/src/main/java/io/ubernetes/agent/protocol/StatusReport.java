package io.ubernetes.agent.protocol;

import java.util.List;

/**
 * What runs in the agent's cluster, workload by workload: the latest state only, never a backlog.
 * Workloads not in the report keep what was last reported for them.
 */
public record StatusReport(List<WorkloadReport> workloads) {
  public StatusReport {
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
  }
}
