package io.ubernetes.federation.cluster;

import io.ubernetes.federation.resource.Condition;
import java.util.List;

/**
 * What the system knows about a member cluster, as its agent reports it.
 *
 * @param conditions {@code Ready} and, later, others
 * @param allocatable capacity the cluster's nodes offer to pods
 * @param allocated capacity requested by the cluster's pods that the federation did not place (the
 *     scheduler adds its own commitments to it)
 * @param workRevision the revision of the work feed up to which the cluster's agent has stored its
 *     desired state; removal instructions up to it are no longer needed
 * @param nodes the nodes that can take pods, grouped by what each has free at least for new pods,
 *     the emptiest first: placement puts a replica only where a node can hold it. Absent when the
 *     agent does not report nodes
 * @param clockSkewSeconds how far the agent's clock was ahead of the service's (negative: behind)
 *     at its last heartbeat, the network's delay included; absent when the agent does not send its
 *     time. Certificates, tokens and timeouts go wrong when clocks drift apart
 */
public record MemberClusterStatus(
    List<Condition> conditions,
    String lastHeartbeatTime,
    ResourceAmounts allocatable,
    ResourceAmounts allocated,
    String kubernetesVersion,
    String agentVersion,
    Long workRevision,
    List<NodeCapacity> nodes,
    Long clockSkewSeconds) {
  /**
   * The reason of a {@code Ready=True} condition that was not True before: the cluster recovered.
   * It stays while the cluster stays ready; the scheduler holds new replicas back from it for a
   * while.
   */
  public static final String RECOVERED = "Recovered";

  public MemberClusterStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    nodes = nodes == null ? null : List.copyOf(nodes);
  }

  /** The same status with other conditions. */
  public MemberClusterStatus withConditions(List<Condition> newConditions) {
    return new MemberClusterStatus(
        newConditions,
        lastHeartbeatTime,
        allocatable,
        allocated,
        kubernetesVersion,
        agentVersion,
        workRevision,
        nodes,
        clockSkewSeconds);
  }

  /** Amounts as Kubernetes quantities, e.g. {@code cpu: "64"}, {@code memory: "256Gi"}. */
  public record ResourceAmounts(String cpu, String memory, String pods) {}

  /**
   * Nodes with the same free resources.
   *
   * @param count how many
   * @param free what each of them has free at least for new pods
   */
  public record NodeCapacity(int count, ResourceAmounts free) {}
}
