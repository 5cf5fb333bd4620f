package io.ubernetes.api.cluster;

import io.ubernetes.api.resource.Condition;
import java.util.List;

/**
 * What the system knows about a member cluster, as its agent reports it.
 *
 * @param conditions {@code Ready} and, later, others
 * @param allocatable capacity the cluster's nodes offer to pods
 * @param allocated capacity already requested by the cluster's pods
 */
public record MemberClusterStatus(
    List<Condition> conditions,
    String lastHeartbeatTime,
    ResourceAmounts allocatable,
    ResourceAmounts allocated,
    String kubernetesVersion,
    String agentVersion) {

  public MemberClusterStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** Amounts as Kubernetes quantities, e.g. {@code cpu: "64"}, {@code memory: "256Gi"}. */
  public record ResourceAmounts(String cpu, String memory, String pods) {}
}
