package io.ubernetes.federation.agents;

import io.ubernetes.federation.database.PostgresNotifications;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * Wakes the work requests waiting for a cluster when its work changes, whichever replica of the
 * service made the change: PostgreSQL's LISTEN/NOTIFY on one connection per replica. Waiting
 * requests hold no database connection and no platform thread (they run on virtual threads).
 */
@Component
class WorkNotifications implements PostgresNotifications.Subscriber {
  private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
  private final PostgresNotifications notifications;

  WorkNotifications(PostgresNotifications notifications) {
    this.notifications = notifications;
    notifications.subscribe(WorkStore.CHANNEL, this);
  }

  /**
   * Whether notifications arrive now: while they do not, waiters look again now and then rather
   * than wait for one.
   */
  boolean receiving() {
    return notifications.listening();
  }

  /** False once the service is stopping: waiters answer rather than wait. */
  boolean isRunning() {
    return notifications.isRunning();
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

    /**
     * Waits until the version moves past {@code seen}, or the timeout passes.
     *
     * @return whether the version moved
     */
    boolean await(long seen, Duration timeout) throws InterruptedException {
      long nanos = timeout.toNanos();
      lock.lock();
      try {
        while (version == seen && nanos > 0) {
          nanos = changed.awaitNanos(nanos);
        }
        return version != seen;
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

  /** Changes may have been missed while not listening: every waiter looks again. */
  @Override
  public void listening() {
    signals.values().forEach(Signal::fire);
  }

  @Override
  public void notified(String cluster) {
    signal(cluster).fire();
  }

  /**
   * Answers every waiting request at once (with nothing new): a stopping service does not hold
   * agents' requests until its shutdown grace period runs out, and while notifications cannot
   * arrive they look again rather than wait for one.
   */
  @Override
  public void stopped() {
    signals.values().forEach(Signal::fire);
  }
}
