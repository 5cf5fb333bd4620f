package io.ubernetes.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Without {@code spring.datasource.url}, runs a real PostgreSQL 17 next to the service, on
 * 127.0.0.1, with its data in a directory that survives restarts, durable as PostgreSQL is by
 * default: a commit returns once its WAL is flushed to disk. It is stopped, after the connection
 * pool, when the service shuts down. Its own output goes to a log file beside the data directory,
 * of which only warnings and errors reach the service's log ({@link PostgresLog}). With a URL, none
 * of this happens.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
class EmbeddedPostgresConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  /** PostgreSQL's own output, beside its data directory ({@code ./data/postgres.log}). */
  @Bean(destroyMethod = "close")
  PostgresLog postgresLog(EmbeddedPostgresProperties properties) {
    if (properties.ephemeral()) {
      try {
        return new PostgresLog(Files.createTempFile("ubernetes-postgres-", ".log"), true);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create a log file for PostgreSQL", e);
      }
    }
    Path data = properties.dataDirectory().toAbsolutePath().normalize();
    return new PostgresLog(data.resolveSibling(data.getFileName() + ".log"), false);
  }

  /** Stopped before its log ({@link PostgresLog}), which it depends on. */
  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(
      EmbeddedPostgresProperties properties, PostgresLog postgresLog) {
    ProcessBuilder.Redirect output = ProcessBuilder.Redirect.appendTo(postgresLog.file().toFile());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPort(properties.port())
            .setPGStartupWait(properties.startupTimeout())
            .setServerConfig("listen_addresses", "127.0.0.1")
            // The library's defaults suit throwaway test databases: fsync off (-F) and commits
            // acknowledged before their WAL is on disk. A write the service acknowledges must
            // survive a crash, so both go back to PostgreSQL's own defaults (later settings win).
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            // Spring closes the database after the web server has drained; a second JVM hook
            // would stop it under requests still in flight.
            .setRegisterShutdownHook(false)
            // initdb, pg_ctl and the server write to the log file, which PostgresLog reads.
            .setOutputRedirector(output)
            .setErrorRedirector(output);
    String location;
    if (properties.ephemeral()) {
      builder.setCleanDataDirectory(true);
      location = "a temporary directory";
    } else {
      try {
        Files.createDirectories(properties.dataDirectory());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + properties.dataDirectory(), e);
      }
      builder.setDataDirectory(properties.dataDirectory()).setCleanDataDirectory(false);
      location = properties.dataDirectory().toAbsolutePath().toString();
    }
    try {
      EmbeddedPostgres postgres = builder.start();
      log.info(
          "Embedded PostgreSQL listening on 127.0.0.1:{}, data in {}, its log in {}",
          postgres.getPort(),
          location,
          postgresLog.file());
      return postgres;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Embedded PostgreSQL did not start with data in "
              + location
              + " (its log, "
              + postgresLog.file()
              + ", ends with: "
              + postgresLog.tail(5)
              + "). If another Ubernetes process uses that directory, stop it or set"
              + " ubernetes.database.embedded.data-directory; to use an external PostgreSQL, set"
              + " spring.datasource.url",
          e);
    }
  }

  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(EmbeddedPostgres postgres) {
    return DataSourceBuilder.create()
        .type(HikariDataSource.class)
        .url("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres")
        .username("postgres")
        .build();
  }

  /** Matches when no external database is configured. */
  static final class NoDataSourceUrl implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String url = context.getEnvironment().getProperty("spring.datasource.url");
      return url == null || url.isBlank();
    }
  }
}
