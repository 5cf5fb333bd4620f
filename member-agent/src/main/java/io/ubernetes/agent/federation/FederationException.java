package io.ubernetes.agent.federation;

/** A federation call that did not succeed; the message never contains a token or credential. */
public abstract sealed class FederationException extends Exception
    permits FederationUnavailableException, FederationRejectedException {

  FederationException(String message, Throwable cause) {
    super(message, cause);
  }
}
