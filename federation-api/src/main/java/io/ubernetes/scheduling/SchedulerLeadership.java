package io.ubernetes.scheduling;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes one scheduler active among the service's replicas: the one holding a PostgreSQL advisory
 * lock on a connection of its own. The lock goes when that connection does (the process died, the
 * network failed), and another replica takes over. Each takeover draws a new epoch, which every
 * scheduling write checks, so that a scheduler that lost the lock without noticing cannot write.
 */
@Component
public class SchedulerLeadership {
  private static final Logger log = LoggerFactory.getLogger(SchedulerLeadership.class);

  /** "ubernete" in ASCII: the advisory lock key of the scheduler. */
  private static final long LOCK_KEY = 0x7562_6572_6e65_7465L;

  private final DataSource dataSource;
  private final PlacementRepository repository;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final String holder;
  private Connection lockConnection;
  private long epoch = -1;

  SchedulerLeadership(
      DataSource dataSource,
      PlacementRepository repository,
      TransactionTemplate transactions,
      Clock clock) {
    this.dataSource = dataSource;
    this.repository = repository;
    this.transactions = transactions;
    this.clock = clock;
    this.holder =
        ManagementFactory.getRuntimeMXBean().getName()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Whether this instance is the active scheduler, taking the lock if it is free.
   *
   * @return the epoch to write with, or -1 if another instance is active
   */
  synchronized long ensureLeader() {
    if (lockConnection != null && !alive()) {
      log.warn(
          "Scheduler {} lost its database session; giving up leadership (epoch {})", holder, epoch);
      release();
    }
    if (lockConnection == null) {
      tryAcquire();
    }
    return epoch;
  }

  /** Whether this instance's scheduler is the active one. */
  public synchronized boolean isLeader() {
    return lockConnection != null;
  }

  String holder() {
    return holder;
  }

  /** Gives the lock up, e.g. on shutdown or after a fenced write. */
  synchronized void release() {
    if (lockConnection == null) {
      return;
    }
    try (Connection connection = lockConnection) {
      try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
        unlock.setLong(1, LOCK_KEY);
        unlock.execute();
      }
    } catch (SQLException e) {
      log.debug("Releasing the scheduler lock: {}", e.getMessage());
    } finally {
      lockConnection = null;
      epoch = -1;
    }
  }

  private void tryAcquire() {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      boolean locked;
      try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
        lock.setLong(1, LOCK_KEY);
        try (ResultSet result = lock.executeQuery()) {
          locked = result.next() && result.getBoolean(1);
        }
      }
      if (!locked) {
        connection.close();
        return;
      }
      lockConnection = connection;
      Long taken = transactions.execute(status -> repository.takeLease(holder, clock.instant()));
      epoch = taken == null ? -1 : taken;
      log.info("Scheduler {} is now active (epoch {})", holder, epoch);
    } catch (SQLException | RuntimeException e) {
      log.warn("Scheduler {} could not take the lock: {}", holder, e.getMessage());
      if (lockConnection != null) {
        // The lock was taken but the lease was not: give both up, so the pool gets a clean session.
        release();
      } else if (connection != null) {
        try {
          connection.close();
        } catch (SQLException closing) {
          log.debug("Closing: {}", closing.getMessage());
        }
      }
    }
  }

  private boolean alive() {
    try {
      return lockConnection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
