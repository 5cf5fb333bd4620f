package io.ubernetes.federation.database;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.WatchConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A normal stop (SIGTERM: the context closes) logs no error: every connection to the embedded
 * PostgreSQL is closed, and its session ended, before the server stops, so PostgreSQL ends none of
 * them itself ("FATAL: terminating connection due to administrator command"). The pool closes its
 * connections before the server is stopped, but a session ends only once its backend has read the
 * client's goodbye, which on a busy machine may come after the stop was asked for.
 */
class CleanShutdownIT extends OwnDataDirectory {
  private static final int STOPS = 5;

  /**
   * The service as it runs: its pool still filling, its scheduler holding the lock's connection and
   * placing a workload, its LISTEN connection open, and a watch open, stopped several times on the
   * same data directory, since a backend slower than the stop is a matter of chance here.
   */
  @Test
  @SuppressWarnings("try") // the watch is held open while the service stops
  void stopsWithoutAnErrorAsItsSchedulerPlacesAWorkloadAndAWatchIsOpen() {
    List<String> errors = new ArrayList<>();
    for (int stop = 1; stop <= STOPS; stop++) {
      String run = "stop " + stop + ": ";
      ConfigurableApplicationContext service = Services.embeddedScheduling(data());
      try {
        ApiClient api = Services.api(service);
        Response cluster =
            api.post("/api/v1/clusters", cluster("fra" + stop, "eu-central", "onprem"));
        assertThat(cluster.status()).as(cluster.body()).isEqualTo(201);
        // Stopped at once: the scheduler places it as the service stops.
        Response workload = api.post("/api/v1/namespaces/shop/workloads", workload("web" + stop));
        assertThat(workload.status()).as(workload.body()).isEqualTo(201);
        try (WatchConnection open =
            WatchConnection.open(
                Services.port(service), "/api/v1/namespaces/shop/workloads?watch=true")) {
          errors.addAll(errorsWhile(service::close).stream().map(run::concat).toList());
        }
      } finally {
        service.close();
      }
    }

    assertThat(errors).as("errors logged while the service stopped").isEmpty();
  }

  /**
   * The same race made certain: the backend of a session whose client has closed it is stopped
   * (SIGSTOP) until the server has been asked to stop, so it reads the client's goodbye only then.
   */
  @Test
  @SuppressWarnings("try") // postgresLog is closed inside its block to pass on what it read
  void letsASessionWhoseClientLeftEndBeforeTheServerStops() throws Exception {
    Path logFile = home.resolve("postgres.log");
    List<String> errors;
    try (PostgresLog postgresLog = new PostgresLog(logFile, false)) {
      EmbeddedDatabase database =
          EmbeddedDatabase.start(
              new EmbeddedPostgresProperties(data(), 0, false, null, null), postgresLog);
      long backend;
      Connection session =
          DriverManager.getConnection(
              database.jdbcUrl(), DatabasePasswords.SERVICE_ROLE, database.passwords().service());
      try (Statement statement = session.createStatement();
          ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
        pid.next();
        backend = pid.getLong(1);
      }
      // The session's backend, not yet scheduled on a busy machine when the pool closes and the
      // server is stopped: the client's goodbye waits unread in its socket.
      Postmasters.signal(backend, "STOP");
      Thread thaw =
          Thread.ofVirtual()
              .start(
                  () -> {
                    await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> Files.readString(logFile).contains("shutdown request"));
                    Postmasters.signal(backend, "CONT");
                  });
      try {
        session.close();
        errors =
            errorsWhile(
                () -> {
                  database.close();
                  // What PostgreSQL logged as it stopped, passed on.
                  postgresLog.close();
                });
      } finally {
        Postmasters.signal(backend, "CONT");
        thaw.join();
      }
    }

    assertThat(errors).as("errors logged while the database stopped").isEmpty();
    assertThat(Files.readAllLines(logFile)).noneMatch(line -> line.contains("FATAL"));
    assertThat(data().resolve("postmaster.pid")).doesNotExist();
  }

  /** What {@code stopping} logs at ERROR, by any logger of this JVM. */
  private static List<String> errorsWhile(Runnable stopping) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    // Attached once the service runs: Spring Boot configures the logging anew as it starts.
    root.addAppender(appender);
    try {
      stopping.run();
    } finally {
      root.detachAppender(appender);
    }
    return appender.list.stream()
        .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
        .toList();
  }
}
