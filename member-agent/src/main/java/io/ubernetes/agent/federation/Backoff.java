package io.ubernetes.agent.federation;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/** Exponential backoff with jitter (factor 2, ±50%), capped; attempts count from 1. */
public final class Backoff {
  private final IntervalFunction intervals;

  public Backoff(Duration initial, Duration max) {
    this.intervals = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
  }

  public Duration delay(int attempt) {
    return Duration.ofMillis(intervals.apply(Math.max(1, attempt)));
  }

  /** The backoff, or what the server asked for when that is longer. */
  public Duration delay(int attempt, FederationUnavailableException failure) {
    Duration backoff = delay(attempt);
    return failure.retryAfter().filter(after -> after.compareTo(backoff) > 0).orElse(backoff);
  }
}
