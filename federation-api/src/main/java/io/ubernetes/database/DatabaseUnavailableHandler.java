package io.ubernetes.database;

import io.ubernetes.api.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database that cannot be reached, or stopped answering, is a 503 to retry, not a bug: the
 * connection the pool could not give within its timeout, or the one that broke under a statement.
 * Spring counts the latter as not transient, so the API's own problem handler, which maps the
 * transient ones, would answer 500; this handler goes first. {@link DatabaseUnavailableFilter}
 * answers the same for the filters before Spring MVC (authentication looks tokens up).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableHandler {
  private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);
  private static final String RETRY_AFTER_SECONDS = "1";

  private final ProblemWriter problems;

  DatabaseUnavailableHandler(ProblemWriter problems) {
    this.problems = problems;
  }

  /** Whether this failure, or one it wraps, says that the database cannot be reached. */
  static boolean unavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataAccessResourceFailureException
          || cause instanceof CannotCreateTransactionException
          || cause instanceof TransientDataAccessException
          || cause instanceof SQLTransientConnectionException
          // SQLSTATE class 08: connection exception
          || cause instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  @ExceptionHandler(DataAccessResourceFailureException.class)
  void unavailable(
      DataAccessResourceFailureException e,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    answer(e, request, response);
  }

  /** 503 problem+json with {@code Retry-After}. */
  void answer(Throwable e, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    log.warn("Storage unavailable: {}", e.getMessage());
    response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    problems.write(
        request, response, HttpStatus.SERVICE_UNAVAILABLE, "the storage is unavailable; retry");
  }
}
