package io.ubernetes.agent.state;

import java.util.Objects;

/**
 * What the agent keeps in its credentials Secret.
 *
 * @param credential the cluster's credential, null before the agent joined
 * @param requestId the join request id, kept for the agent's lifetime
 */
public record AgentCredentials(String credential, String requestId) {
  public AgentCredentials {
    Objects.requireNonNull(requestId, "requestId");
  }

  public AgentCredentials withCredential(String newCredential) {
    return new AgentCredentials(newCredential, requestId);
  }

  /** Neither value ever appears in logs. */
  @Override
  public String toString() {
    return "AgentCredentials[credential=" + (credential == null ? "none" : "(redacted)") + "]";
  }
}
