package io.ubernetes.federation.scheduling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the scheduler runs.
 *
 * @param enabled whether this instance takes part in scheduling at all
 * @param interval how often the active scheduler looks for work, at the latest, and how often a
 *     standby checks whether it must take over
 * @param leaseDuration how long the active scheduler's lease lasts unrenewed: a standby takes over
 *     from an active scheduler that has not renewed it for that long (its process frozen, or cut
 *     off from the database without its session ending there). It renews it every third of that
 * @param failoverGracePeriod how long a cluster may be not ready before its replicas move
 * @param rebalanceInterval how often every workload is placed again, so that the fleet follows
 *     prices and utilization (stickiness keeps small differences from moving replicas)
 * @param rebalanceMaxMoves at most this many replicas move in one rebalance; the rest move at the
 *     next (changes to workloads and to the fleet are never held back)
 * @param recoveryHoldDown how long a cluster that recovered keeps what it runs but takes no new
 *     replicas, so that a cluster that comes and goes does not pull replicas back and forth
 * @param unschedulableGracePeriod how long replicas may wait for a node in a member cluster (their
 *     pods Pending, no node fits) before they are placed elsewhere where the rules allow
 */
@ConfigurationProperties("ubernetes.scheduler")
public record SchedulerProperties(
    Boolean enabled,
    Duration interval,
    Duration leaseDuration,
    Duration failoverGracePeriod,
    Duration rebalanceInterval,
    Integer rebalanceMaxMoves,
    Duration recoveryHoldDown,
    Duration unschedulableGracePeriod,
    Integer maxPassSize) {

  public SchedulerProperties {
    enabled = enabled == null || enabled;
    interval = interval == null ? Duration.ofSeconds(2) : interval;
    leaseDuration = leaseDuration == null ? Duration.ofSeconds(10) : leaseDuration;
    if (leaseDuration.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new IllegalArgumentException(
          "ubernetes.scheduler.lease-duration must be at least 3s, not " + leaseDuration);
    }
    failoverGracePeriod =
        failoverGracePeriod == null ? Duration.ofSeconds(60) : failoverGracePeriod;
    rebalanceInterval = rebalanceInterval == null ? Duration.ofMinutes(5) : rebalanceInterval;
    rebalanceMaxMoves = rebalanceMaxMoves == null ? 50 : rebalanceMaxMoves;
    recoveryHoldDown = recoveryHoldDown == null ? Duration.ofMinutes(2) : recoveryHoldDown;
    unschedulableGracePeriod =
        unschedulableGracePeriod == null ? Duration.ofMinutes(5) : unschedulableGracePeriod;
    maxPassSize = maxPassSize == null ? 2000 : maxPassSize;
    if (maxPassSize < 1) {
      throw new IllegalArgumentException(
          "ubernetes.scheduler.max-pass-size must be at least 1, not " + maxPassSize);
    }
  }
}
