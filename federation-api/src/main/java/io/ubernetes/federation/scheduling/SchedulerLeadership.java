package io.ubernetes.federation.scheduling;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes one scheduler active among the service's replicas: the one holding a PostgreSQL advisory
 * lock on a connection of its own, and the lease in {@code scheduler_lease} (this class is the only
 * one that reads or writes it), which it renews every third of {@code lease-duration} on that
 * connection.
 *
 * <p>The lock goes with the session: a replica that crashed, or whose session the database ended,
 * is replaced at a standby's next attempt (within one {@code interval}). A session the database
 * keeps while its replica no longer renews (the process frozen, its host cut off without the
 * connection being closed, which TCP notices only after hours) is ended by a standby once the lease
 * has gone unrenewed for {@code lease-duration}, which then takes the lock: a takeover within
 * {@code lease-duration + interval}. Each takeover draws a new epoch, which every scheduling write
 * checks, so that a scheduler that lost the lock without noticing cannot write; it stands down at
 * its next renewal.
 */
@Component
public class SchedulerLeadership {
  private static final Logger log = LoggerFactory.getLogger(SchedulerLeadership.class);

  /** "ubernete" in ASCII: the advisory lock key of the scheduler. */
  private static final long LOCK_KEY = 0x7562_6572_6e65_7465L;

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Duration lease;
  private final String holder;
  private Connection lockConnection;
  private long epoch = -1;

  SchedulerLeadership(
      DataSource dataSource,
      JdbcClient jdbc,
      TransactionTemplate transactions,
      Clock clock,
      SchedulerProperties properties) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
    this.lease = properties.leaseDuration();
    this.holder =
        ManagementFactory.getRuntimeMXBean().getName()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Whether this instance is the active scheduler, renewing its lease, or taking over if the lock
   * is free or its holder's lease ran out.
   *
   * @return the epoch to write with, or -1 if another instance is active
   */
  synchronized long ensureLeader() {
    renew();
    if (lockConnection == null) {
      tryAcquire();
    }
    return epoch;
  }

  /**
   * Renews the lease, if this instance holds it, on the lock's session: it stands down if that
   * session ended or another scheduler took over.
   */
  synchronized void renew() {
    if (lockConnection == null) {
      return;
    }
    String lost;
    try (PreparedStatement renewal =
        lockConnection.prepareStatement(
            "update scheduler_lease set renewed_at = clock_timestamp()"
                + " where id = 1 and epoch = ? and holder = ?")) {
      renewal.setLong(1, epoch);
      renewal.setString(2, holder);
      if (renewal.executeUpdate() == 1) {
        return;
      }
      lost = "another scheduler took over";
    } catch (SQLException e) {
      lost = "its database session ended (" + e.getMessage() + ")";
    }
    log.warn("Scheduler {} stands down: {} (epoch {})", holder, lost, epoch);
    release();
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
      if (!tryLock(connection) && !(endExpiredHolder(connection) && lock(connection))) {
        connection.close();
        return;
      }
      // A renewal that cannot reach the database fails within a third of the lease instead of
      // waiting on the socket for TCP to give up.
      connection.setNetworkTimeout(Runnable::run, (int) lease.dividedBy(3).toMillis());
      lockConnection = connection;
      Long taken = transactions.execute(status -> takeOver(clock.instant()));
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

  private static boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      try (ResultSet result = lock.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  /** Waits for the lock a holder whose session was just ended still has for a moment. */
  private static boolean lock(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("set lock_timeout = '5s'");
      try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(?)")) {
        lock.setLong(1, LOCK_KEY);
        lock.execute();
      } finally {
        statement.execute("reset lock_timeout");
      }
    }
    return true;
  }

  /**
   * Ends the session holding the lock if the lease has gone unrenewed for longer than it lasts: its
   * scheduler is frozen or cut off, and the database has not noticed.
   *
   * @return whether a session was ended
   */
  private boolean endExpiredHolder(Connection connection) throws SQLException {
    try (PreparedStatement end =
        connection.prepareStatement(
            """
            select pg_terminate_backend(l.pid), s.holder, s.epoch,
                   extract(epoch from clock_timestamp() - s.renewed_at)
            from pg_locks l, scheduler_lease s
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1
              and ((l.classid::bigint << 32) | l.objid::bigint) = ?
              and l.database = (select oid from pg_database where datname = current_database())
              and s.id = 1 and s.renewed_at < clock_timestamp() - make_interval(secs => ?)
            """)) {
      end.setLong(1, LOCK_KEY);
      end.setDouble(2, lease.toMillis() / 1000.0);
      try (ResultSet ended = end.executeQuery()) {
        if (!ended.next() || !ended.getBoolean(1)) {
          return false;
        }
        log.warn(
            "Scheduler {} takes over from {} (epoch {}), whose lease went unrenewed for {} s",
            holder,
            ended.getString(2),
            ended.getLong(3),
            Math.round(ended.getDouble(4)));
        return true;
      }
    }
  }

  /**
   * Takes the lease over: a new epoch that fences off writes of the previous holder. Called with
   * the scheduler lock held, so that whoever still holds the lease row locked (a superseded
   * scheduler's write, its process frozen in the middle of it) is one the new epoch fences off
   * anyway: its session is ended rather than waited for, possibly forever.
   */
  private long takeOver(Instant now) {
    jdbc.sql(
            """
            select pg_terminate_backend(pid) from pg_locks
            where locktype = 'relation' and relation = 'scheduler_lease'::regclass
              and mode = 'RowShareLock' and granted and pid <> pg_backend_pid()
            """)
        .query()
        .listOfRows();
    return jdbc.sql(
            """
            update scheduler_lease
            set epoch = epoch + 1, holder = ?, acquired_at = ?, renewed_at = clock_timestamp()
            where id = 1
            returning epoch
            """)
        .params(holder, Timestamp.from(now))
        .query(Long.class)
        .single();
  }

  /**
   * The current epoch, locked against a takeover until the calling transaction ends: a scheduling
   * write checks it is still its own.
   */
  long currentEpoch() {
    return jdbc.sql("select epoch from scheduler_lease where id = 1 for share")
        .query(Long.class)
        .single();
  }
}
