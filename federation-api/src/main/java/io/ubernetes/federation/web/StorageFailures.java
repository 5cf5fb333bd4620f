package io.ubernetes.federation.web;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which failures say that the database cannot be reached, or stopped answering, rather than that
 * something is wrong with the call or the code: the call may be retried (503 with {@code
 * Retry-After}). However deep they are wrapped: a connection that breaks inside a transaction
 * surfaces as the failed rollback's exception, with the pool's "Connection is closed" beneath.
 */
public final class StorageFailures {
  /** SQLSTATEs of a server going away: admin shutdown, crash shutdown, cannot connect now. */
  private static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03");

  private StorageFailures() {}

  public static boolean unavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataAccessResourceFailureException
          || cause instanceof CannotCreateTransactionException
          || cause instanceof TransientDataAccessException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLRecoverableException
          || cause instanceof SQLException sql
              && (connectionLost(sql.getSQLState()) || closedByThePool(sql))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * HikariCP's answer to any use of a connection it has closed (it closes those that broke), which
   * carries no SQLSTATE: a rollback after the server died mid-transaction meets it.
   */
  private static boolean closedByThePool(SQLException sql) {
    return sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage());
  }

  /** SQLSTATE class 08 (connection exception) or a server shutting down. */
  private static boolean connectionLost(String state) {
    return state != null && (state.startsWith("08") || SHUTTING_DOWN.contains(state));
  }
}
