package io.ubernetes.federation.events;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the workloads' events after {@code ubernetes.events.ttl}, and of each workload all but
 * its newest {@code ubernetes.events.max-per-workload}, so that a flapping workload cannot fill the
 * table. Any replica may run it: the deletions are idempotent.
 */
@Component
class EventRetention {
  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

  private final WorkloadEvents events;
  private final Clock clock;

  EventRetention(WorkloadEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${ubernetes.events.prune-interval:1m}",
      initialDelayString = "${ubernetes.events.prune-interval:1m}")
  void prune() {
    try {
      events.prune(clock.instant());
    } catch (RuntimeException e) {
      // The next run tries again; events only stay a little longer meanwhile.
      log.warn("Deleting expired workload events failed: {}", e.getMessage());
    }
  }
}
