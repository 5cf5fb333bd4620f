package io.ubernetes.agent.protocol;

/**
 * The federation's answer to a {@link JoinRequest}.
 *
 * @param credential the cluster's credential, only when {@code state} is {@code JOINED}; it is
 *     shown this once and stored by the federation only as a hash
 * @param message what to do next, for people
 */
public record JoinResponse(String cluster, State state, String credential, String message) {

  /** Where the request stands. */
  public enum State {
    /** Admitted: the credential is in this answer. */
    JOINED,
    /** Waiting for an operator to approve or deny; ask again later with the same request id. */
    AWAITING_APPROVAL
  }
}
