package io.ubernetes.federation.resource;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that follows committed changes (a status to write again, charges to recount), done on a
 * thread of its own so that the change's caller never waits for it. Requests made while the work is
 * pending make one run; a request made while it runs makes one more, which sees that change. A run
 * that fails is tried again, backing off from one second to {@link #MAX_RETRY}, until one succeeds:
 * what follows from a committed change is never dropped while the service runs.
 */
public final class FollowUp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FollowUp.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final String what;
  private final Runnable work;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean pending = new AtomicBoolean();

  /** Failed runs in a row; touched by the worker thread only. */
  private int failures;

  /**
   * @param what what the work does, for the thread's name and the log ("tenancy-status")
   * @param work the work; it throws to be tried again
   */
  public FollowUp(String what, Runnable work) {
    this.what = what;
    this.work = work;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ubernetes-" + what).daemon().factory());
  }

  /** Asks for a run once the work in hand, if any, is done. Never blocks. */
  public void request() {
    if (pending.compareAndSet(false, true)) {
      try {
        worker.execute(this::run);
      } catch (RejectedExecutionException stopped) {
        // Stopping: what is not done now is done at the next start.
      }
    }
  }

  private void run() {
    if (!pending.getAndSet(false)) {
      return;
    }
    try {
      work.run();
      failures = 0;
    } catch (RuntimeException e) {
      failures++;
      Duration retry = RETRY.multipliedBy(1L << Math.min(failures - 1, 5));
      retry = retry.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry;
      log.warn("{} failed, trying again in {}: {}", what, retry, e.getMessage());
      pending.set(true);
      try {
        worker.schedule(this::run, retry.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        // Stopping: what is not done now is done at the next start.
      }
    }
  }

  /** Stops the thread; a run in progress is interrupted. */
  @Override
  public void close() {
    worker.shutdownNow();
  }
}
