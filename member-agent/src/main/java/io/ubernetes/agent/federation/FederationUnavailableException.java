package io.ubernetes.agent.federation;

import java.time.Duration;
import java.util.Optional;

/**
 * The federation could not be reached or did not answer usefully: I/O error, timeout, 5xx, 409,
 * 429, a truncated or malformed body, or the circuit breaker is open. Worth trying again later.
 */
public final class FederationUnavailableException extends FederationException {
  private final transient Duration retryAfter;

  FederationUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  FederationUnavailableException(String message) {
    this(message, null, null);
  }

  /** What the federation asked for in {@code Retry-After}, if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
