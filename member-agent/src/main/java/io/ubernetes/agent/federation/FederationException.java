package io.ubernetes.agent.federation;

import io.ubernetes.agent.failure.ExplainedFailure;

/**
 * A federation call that did not succeed, its message saying which call and why (see {@link
 * io.ubernetes.agent.failure.FailureReason}); the message never contains a token or credential.
 */
public abstract sealed class FederationException extends Exception implements ExplainedFailure
    permits FederationUnavailableException, FederationRejectedException {

  FederationException(String message, Throwable cause) {
    super(message, cause);
  }
}
