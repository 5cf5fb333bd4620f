package io.ubernetes.federation.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded PostgreSQL the service starts when no {@code spring.datasource.url} is given.
 *
 * @param dataDirectory where the database lives; it survives restarts
 * @param port the port on 127.0.0.1; 0 picks a free one
 * @param ephemeral use a temporary data directory, removed on shutdown (tests, benchmarks)
 * @param startupTimeout how long to wait for PostgreSQL to accept connections
 * @param restartAttempts how many times in a row a server that died is started again before the
 *     service reports itself broken (liveness down), so that an orchestrator restarts it
 */
@ConfigurationProperties("ubernetes.database.embedded")
record EmbeddedPostgresProperties(
    Path dataDirectory,
    Integer port,
    Boolean ephemeral,
    Duration startupTimeout,
    Integer restartAttempts) {

  EmbeddedPostgresProperties {
    dataDirectory = dataDirectory == null ? Path.of("data", "postgres") : dataDirectory;
    port = port == null ? 0 : port;
    ephemeral = ephemeral != null && ephemeral;
    startupTimeout = startupTimeout == null ? Duration.ofSeconds(60) : startupTimeout;
    restartAttempts = restartAttempts == null ? 5 : restartAttempts;
    if (restartAttempts < 1) {
      throw new IllegalArgumentException(
          "ubernetes.database.embedded.restart-attempts must be at least 1");
    }
  }
}
