package io.ubernetes.federation.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Slows down failing authentication, and only that: it is asked once a presented credential has
 * been refused, so a valid credential is never slowed down, whoever else fails from its address.
 * Failures are counted per source address and per presented credential ({@link
 * CredentialFingerprint}): from the {@code authFailureLimit + 1}-th failure within {@code
 * authFailureWindow}, of the address or of the credential from any address, the answer is 429 with
 * Retry-After instead of 401, until the oldest of the last {@code authFailureLimit} failures leaves
 * the window. Memory is bounded: each count keeps at most {@value #MAX_KEYS} keys (those failing
 * least recently are forgotten first) of at most {@code authFailureLimit} instants each, however
 * many garbage tokens an attacker rotates through.
 */
@Component
class AuthFailureThrottle {
  private static final int MAX_KEYS = 10_000;

  /** Why a failure is answered 429, and for how long. */
  record Slowdown(Duration retryAfter, String reason) {}

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Failures bySource = new Failures();
  private final Failures byCredential = new Failures();

  AuthFailureThrottle(SecurityProperties properties, Clock clock) {
    this.limit = properties.authFailureLimit();
    this.window = properties.authFailureWindow();
    this.clock = clock;
  }

  /**
   * Records that {@code source} presented a credential that was refused.
   *
   * @param credential the credential's fingerprint, never the credential itself
   * @return how long the caller must wait when it failed too often, or null for a plain 401
   */
  Slowdown failed(String source, String credential) {
    return failed(source, credential, clock.instant());
  }

  synchronized Slowdown failed(String source, String credential, Instant now) {
    Duration address = bySource.failed(source, now);
    Duration presented = byCredential.failed(credential, now);
    if (address != null && (presented == null || address.compareTo(presented) >= 0)) {
      return new Slowdown(address, "too many failed authentications from this address");
    }
    if (presented != null) {
      return new Slowdown(presented, "too many failed authentications with this credential");
    }
    return null;
  }

  /** How many addresses and credentials are remembered. */
  synchronized int keys() {
    return bySource.recent.size() + byCredential.recent.size();
  }

  /** The recent failures of each key, the keys that failed least recently forgotten first. */
  private final class Failures {
    private final Map<String, Deque<Instant>> recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_KEYS;
          }
        };

    /** Records a failure; returns how long the key is slowed down, or null when it is not. */
    Duration failed(String key, Instant now) {
      Deque<Instant> failures = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
      while (!failures.isEmpty() && !failures.peekFirst().plus(window).isAfter(now)) {
        failures.removeFirst();
      }
      boolean over = failures.size() >= limit;
      failures.addLast(now);
      while (failures.size() > limit) {
        failures.removeFirst();
      }
      if (!over) {
        return null;
      }
      Duration wait = Duration.between(now, failures.peekFirst().plus(window));
      return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
    }
  }
}
