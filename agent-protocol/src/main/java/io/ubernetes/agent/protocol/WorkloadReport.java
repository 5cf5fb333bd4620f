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
 */
public record WorkloadReport(
    String workloadUid,
    long generation,
    boolean applied,
    int replicas,
    int readyReplicas,
    List<String> errors,
    List<ServiceReport> services) {
  public WorkloadReport {
    errors = errors == null ? List.of() : List.copyOf(errors);
    services = services == null ? List.of() : List.copyOf(services);
  }
}
