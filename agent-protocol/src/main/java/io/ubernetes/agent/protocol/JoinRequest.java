package io.ubernetes.agent.protocol;

import java.util.Objects;

/**
 * An agent asking to join the federation as {@code cluster}.
 *
 * @param joinToken the federation's join token
 * @param requestId a random value the agent keeps across its retries, so that when an operator
 *     approves the request, the credential goes to this agent and no other
 */
public record JoinRequest(String cluster, String joinToken, String requestId, ClusterFacts facts) {
  public JoinRequest {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(joinToken, "joinToken");
    Objects.requireNonNull(requestId, "requestId");
  }
}
