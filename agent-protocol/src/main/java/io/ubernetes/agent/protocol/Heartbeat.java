package io.ubernetes.agent.protocol;

import java.util.List;

/**
 * The agent's lease renewal, sent every few seconds, separate from status.
 *
 * @param allocatable what the cluster's ready, schedulable nodes offer
 * @param allocated what pods the federation did not place request: the federation adds its own
 *     commitments to it
 * @param apiServerReachable whether the agent reached its cluster's API server just now
 * @param workRevision the work feed revision up to which the agent has stored its desired state in
 *     its own cluster: the federation keeps removal instructions until the agent is past them
 * @param nodes the nodes that can take pods, by what they have free, the emptiest first; what
 *     placement checks a replica against, so that it never places one that no node can hold. Null
 *     from agents that do not report nodes
 * @param sentAt when the agent sent it, by the agent's clock (RFC 3339): the federation compares it
 *     with its own clock and shows the difference as the cluster's clock skew. Null from agents
 *     that do not send it
 */
public record Heartbeat(
    Amounts allocatable,
    Amounts allocated,
    String kubernetesVersion,
    String agentVersion,
    boolean apiServerReachable,
    Long workRevision,
    List<NodeGroup> nodes,
    String sentAt) {
  public Heartbeat {
    nodes = nodes == null ? null : List.copyOf(nodes);
  }
}
