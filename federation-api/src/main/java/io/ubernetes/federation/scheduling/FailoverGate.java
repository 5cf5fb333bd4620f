package io.ubernetes.federation.scheduling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Pauses failover while the federation suspects that it is itself cut off from its clusters (most
 * of them stopped heartbeating at once): clusters that would count as failed keep their replicas
 * instead, as clusters not ready within the grace period do.
 */
@Component
public class FailoverGate {
  private volatile String pausedBecause;

  FailoverGate(MeterRegistry meters) {
    Gauge.builder("ubernetes.federation.partition.suspected", this, g -> g.paused() ? 1 : 0)
        .description("1 while the federation suspects it is partitioned and pauses failover")
        .register(meters);
  }

  public void pause(String because) {
    pausedBecause = because;
  }

  public void resume() {
    pausedBecause = null;
  }

  public boolean paused() {
    return pausedBecause != null;
  }

  /** Why failover is paused, or null. */
  public String pausedBecause() {
    return pausedBecause;
  }
}
