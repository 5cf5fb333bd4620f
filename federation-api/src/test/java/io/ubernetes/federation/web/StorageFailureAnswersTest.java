package io.ubernetes.federation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Failures of the storage that Spring does not call transient: when they come from a connection
 * that broke, the call may be retried (503), and it is no bug (500).
 */
class StorageFailureAnswersTest {
  private final ProblemHandler handler = new ProblemHandler();
  private final ServletWebRequest request =
      new ServletWebRequest(
          new MockHttpServletRequest("PATCH", "/api/v1/namespaces/a/workloads/b"));

  @Test
  void aRollbackOnAConnectionThatBrokeUnderTheTransactionIs503WithRetryAfter() {
    // As the pool (HikariCP, no SQLSTATE) and Hibernate report it when the database server dies
    // within a transaction.
    var failure =
        new JpaSystemException(
            new TransactionException(
                "Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed")));

    ResponseEntity<Object> answer = handler.bug(failure, request);

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
  }

  @Test
  void aServerShuttingDownIs503() {
    var failure =
        new JpaSystemException(
            new RuntimeException(
                new SQLException(
                    "FATAL: terminating connection due to unexpected postmaster exit", "57P01")));

    assertThat(handler.bug(failure, request).getStatusCode().value()).isEqualTo(503);
  }

  @Test
  void anyOtherFailureIsABug() {
    var failure = new JpaSystemException(new RuntimeException(new SQLException("syntax", "42601")));

    assertThat(handler.bug(failure, request).getStatusCode().value()).isEqualTo(500);
  }
}
