package io.ubernetes.federation.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the workloads' events are kept and how they are folded together.
 *
 * @param ttl events whose last occurrence is older are deleted, as kube-apiserver's {@code
 *     --event-ttl} (default 1h)
 * @param correlationWindow the same reason and message for the same workload within this window
 *     bump the earlier event's count instead of adding one (default 10m, as client-go's event
 *     correlator)
 * @param maxPerWorkload the newest events kept per workload; older ones go before their TTL
 * @param pruneInterval how often expired events are deleted
 */
@ConfigurationProperties("ubernetes.events")
public record EventsProperties(
    Duration ttl, Duration correlationWindow, Integer maxPerWorkload, Duration pruneInterval) {
  public EventsProperties {
    ttl = ttl == null ? Duration.ofHours(1) : ttl;
    correlationWindow = correlationWindow == null ? Duration.ofMinutes(10) : correlationWindow;
    maxPerWorkload = maxPerWorkload == null ? 100 : maxPerWorkload;
    pruneInterval = pruneInterval == null ? Duration.ofMinutes(1) : pruneInterval;
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ubernetes.events.ttl must be positive");
    }
    if (correlationWindow.isNegative()) {
      throw new IllegalArgumentException(
          "ubernetes.events.correlation-window must not be negative");
    }
    if (maxPerWorkload < 1) {
      throw new IllegalArgumentException("ubernetes.events.max-per-workload must be at least 1");
    }
    if (pruneInterval.isNegative() || pruneInterval.isZero()) {
      throw new IllegalArgumentException("ubernetes.events.prune-interval must be positive");
    }
  }
}
