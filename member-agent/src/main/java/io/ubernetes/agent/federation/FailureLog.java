package io.ubernetes.agent.federation;

import io.ubernetes.agent.failure.FailureReason;
import java.net.URL;
import org.slf4j.Logger;

/**
 * Logs a loop's failures without flooding: the first failure and every new kind of failure at WARN,
 * repeats at DEBUG, and one line when it works again. Each says why the call failed ({@link
 * FailureReason}).
 */
public final class FailureLog {
  private final Logger log;
  private final String what;
  private final URL server;
  private static final long REMINDER_NANOS = 60_000_000_000L;

  private int failures;
  private long lastWarning;

  public FailureLog(Logger log, String what) {
    this(log, what, null);
  }

  /**
   * @param server the member cluster's API server the loop calls, named when a failure does not
   *     name it (a refused connection)
   */
  public FailureLog(Logger log, String what, URL server) {
    this.log = log;
    this.what = what;
    this.server = server;
  }

  public synchronized void failed(Exception e) {
    if (Thread.currentThread().isInterrupted()) {
      // Shutting down: the failure is the interruption, nothing to report.
      return;
    }
    failures++;
    long now = System.nanoTime();
    String reason = FailureReason.of(e, server);
    if (failures == 1) {
      log.warn("{} failed, will try again: {}", what, reason);
      lastWarning = now;
    } else if (now - lastWarning >= REMINDER_NANOS) {
      log.warn("{} still fails ({} attempts): {}", what, failures, reason);
      lastWarning = now;
    } else {
      log.debug("{} failed again ({} in a row): {}", what, failures, reason);
    }
  }

  public synchronized void succeeded() {
    if (failures > 0) {
      log.info("{} works again after {} failed attempts", what, failures);
    }
    failures = 0;
  }

  public synchronized int consecutiveFailures() {
    return failures;
  }
}
