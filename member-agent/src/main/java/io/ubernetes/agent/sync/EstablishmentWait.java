package io.ubernetes.agent.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long custom resources have waited for their CustomResourceDefinition to be established. A
 * definition the member's API server does not establish within the timeout (its names conflict,
 * say) turns the wait into an error, so that it is reported as such rather than pending forever.
 */
final class EstablishmentWait {
  /** The default: API servers establish a definition within seconds. */
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration timeout;
  private final Map<String, Instant> since = new ConcurrentHashMap<>();

  EstablishmentWait(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /** What a custom resource that waits is told. */
  sealed interface Verdict {}

  /** The definition is established: apply. */
  record Served() implements Verdict {}

  /** Not yet: try again soon. */
  record Pending(String message) implements Verdict {}

  /** Not within the timeout: an error, still tried again. */
  record TimedOut(String message) implements Verdict {}

  /**
   * @param waiter who waits (a workload and a kind), so that each wait has its own clock
   * @param definition the definition's name, or null when none defines the kind yet
   * @param kind the custom resource's kind and group, e.g. {@code Widget.example.com}
   * @param established whether the definition is established
   */
  Verdict verdict(String waiter, String definition, String kind, boolean established) {
    if (established) {
      since.remove(waiter);
      return new Served();
    }
    Instant now = clock.instant();
    Instant first = since.computeIfAbsent(waiter, w -> now);
    String what =
        definition == null
            ? "a CustomResourceDefinition of " + kind
            : "CustomResourceDefinition " + definition;
    if (Duration.between(first, now).compareTo(timeout) >= 0) {
      return new TimedOut(
          what
              + (definition == null ? " does not exist" : " is not established")
              + " after "
              + timeout.toSeconds()
              + "s: the member's API server does not serve "
              + kind);
    }
    return new Pending("waiting for " + what + " to be established");
  }

  /** Forgets the waits of a workload, once its objects are all applied. */
  void forget(String waiterPrefix) {
    since.keySet().removeIf(waiter -> waiter.startsWith(waiterPrefix));
  }
}
