package io.ubernetes.agent.federation;

/**
 * The federation refused the call with a 4xx that trying again will not change (400, 401, 403, 404,
 * 422; 409 on join). Never retried in a loop.
 */
public final class FederationRejectedException extends FederationException {
  private final int status;
  private final long credentialEpoch;

  FederationRejectedException(String message, int status, long credentialEpoch) {
    super(message, null);
    this.status = status;
    this.credentialEpoch = credentialEpoch;
  }

  public int status() {
    return status;
  }

  /** The credential was not (or no longer) accepted. */
  public boolean unauthorized() {
    return status == 401;
  }

  /** Which credential the call carried, see {@link FederationClient#credentialEpoch()}. */
  public long credentialEpoch() {
    return credentialEpoch;
  }
}
