package io.ubernetes.federation.database;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Watches over the embedded PostgreSQL: when its server exits while the service runs, starts it
 * again on the same data directory and port, at once and then after pauses that double up to 30 s,
 * until it is up; the connection pool replaces its broken connections by itself. After {@code
 * attempts} failures in a row the service reports itself broken (liveness down), so that an
 * orchestrator restarts it; it keeps trying meanwhile, and reports itself well again once the
 * server is back.
 */
final class DatabaseWatchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DatabaseWatchdog.class);
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  private final EmbeddedDatabase database;
  private final int attempts;
  private final ApplicationEventPublisher events;
  private final Thread thread;
  private volatile boolean closed;

  private DatabaseWatchdog(
      EmbeddedDatabase database, int attempts, ApplicationEventPublisher events) {
    this.database = database;
    this.attempts = attempts;
    this.events = events;
    this.thread =
        Thread.ofPlatform().name("ubernetes-postgres-watchdog").daemon().unstarted(this::run);
  }

  static DatabaseWatchdog watch(
      EmbeddedDatabase database, int attempts, ApplicationEventPublisher events) {
    DatabaseWatchdog watchdog = new DatabaseWatchdog(database, attempts, events);
    watchdog.thread.start();
    return watchdog;
  }

  /** Stops watching, before the service stops the server itself. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!stopping()) {
      long pid = database.pid();
      int exitCode;
      try {
        exitCode = database.exit().get().exitValue();
      } catch (ExecutionException e) {
        continue;
      } catch (InterruptedException e) {
        return;
      }
      if (stopping()) {
        return;
      }
      log.error(
          "Embedded PostgreSQL (pid {}) exited with code {} while the service runs; starting it"
              + " again (its log: {})",
          pid,
          exitCode,
          database.logFile());
      if (!startAgain()) {
        return;
      }
    }
  }

  /** Whether the server is up again (false: the watchdog was stopped first). */
  private boolean startAgain() {
    int failures = 0;
    boolean broken = false;
    Duration pause = FIRST_PAUSE;
    while (!stopping()) {
      try {
        database.restart();
        log.info("Embedded PostgreSQL is up again (pid {})", database.pid());
        if (broken) {
          AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
        }
        return true;
      } catch (RuntimeException e) {
        failures++;
        if (stopping()) {
          return false;
        }
        if (failures == attempts) {
          broken = true;
          log.error(
              "Embedded PostgreSQL did not start again after {} attempts, the service reports"
                  + " itself broken (liveness down) so that it is restarted; still trying every"
                  + " {} s. Last failure: {}",
              failures,
              LONGEST_PAUSE.toSeconds(),
              e.getMessage());
          AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        } else {
          log.warn(
              "Embedded PostgreSQL did not start again (attempt {}): {}", failures, e.getMessage());
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        return false;
      }
      pause =
          pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
              ? LONGEST_PAUSE
              : pause.multipliedBy(2);
    }
    return false;
  }

  private boolean stopping() {
    return closed || database.closed();
  }
}
