package io.ubernetes.agents;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes the work requests waiting for a cluster when its work changes, whichever replica of the
 * service made the change: PostgreSQL's LISTEN/NOTIFY on one connection per replica. Waiting
 * requests hold no database connection and no platform thread (they run on virtual threads).
 */
@Component
class WorkNotifications implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WorkNotifications.class);
  private static final int POLL_MILLIS = 1000;

  private final DataSource dataSource;
  private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
  private volatile boolean running;
  private Thread listener;

  WorkNotifications(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A cluster's change counter, to wait on without missing a change between look and wait. */
  static final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    long version() {
      lock.lock();
      try {
        return version;
      } finally {
        lock.unlock();
      }
    }

    /** Waits until the version moves past {@code seen}, or the timeout passes. */
    void await(long seen, Duration timeout) throws InterruptedException {
      long nanos = timeout.toNanos();
      lock.lock();
      try {
        while (version == seen && nanos > 0) {
          nanos = changed.awaitNanos(nanos);
        }
      } finally {
        lock.unlock();
      }
    }

    void fire() {
      lock.lock();
      try {
        version++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  Signal signal(String cluster) {
    return signals.computeIfAbsent(cluster, c -> new Signal());
  }

  private void listen() {
    long backoff = 500;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + WorkStore.CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        // Changes may have been missed while not listening: let every waiter look again.
        signals.values().forEach(Signal::fire);
        backoff = 500;
        while (running) {
          PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
          if (received != null) {
            for (PGNotification notification : received) {
              signal(notification.getParameter()).fire();
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          log.warn(
              "Listening for work changes failed, retrying in {} ms: {}", backoff, e.getMessage());
          sleep(backoff);
          backoff = Math.min(backoff * 2, 30_000);
        }
      }
    }
  }

  private void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void start() {
    running = true;
    listener =
        Thread.ofPlatform().name("ubernetes-work-notifications").daemon().start(this::listen);
  }

  /**
   * Stops listening and answers every waiting request at once (with nothing new), so that a
   * stopping service does not hold agents' requests until its shutdown grace period runs out.
   */
  @Override
  public void stop() {
    running = false;
    signals.values().forEach(Signal::fire);
    if (listener != null) {
      try {
        listener.join(POLL_MILLIS * 3L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
