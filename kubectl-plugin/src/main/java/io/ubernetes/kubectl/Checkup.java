package io.ubernetes.kubectl;

import io.fabric8.kubernetes.client.Config;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What every check of {@code doctor} works with: the federation as the kubeconfig context names it,
 * the context's configuration (its server and credentials), this machine's clock and the options.
 *
 * @param dns where to ask DNS; null: where the federation says its DNS server listens
 * @param stuckAfter how long a workload may stay unscheduled or not ready before it counts as stuck
 */
record Checkup(
    FederationClient federation,
    Config config,
    Clock clock,
    InetSocketAddress dns,
    Duration stuckAfter) {

  /** Certificates and tokens that expire sooner than this are worth a warning. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(30);

  /**
   * The same checkup on the service's clock, {@code skew} ahead of this machine's (behind when
   * negative): the times the checks judge (heartbeats, conditions, expiries) are the service's, and
   * so is the clock that enforces them. A skew within {@link ClockSkew#TOLERATED_SECONDS} is the
   * {@code Date} header's whole seconds and the network's delay: this machine's clock stands.
   */
  Checkup onServiceClock(Duration skew) {
    return skew == null || Math.abs(skew.toSeconds()) <= ClockSkew.TOLERATED_SECONDS
        ? this
        : new Checkup(federation, config, Clock.offset(clock, skew), dns, stuckAfter);
  }

  /** One check: what it found, at least one finding. */
  interface Check {
    List<Finding> run(Checkup checkup);
  }
}
