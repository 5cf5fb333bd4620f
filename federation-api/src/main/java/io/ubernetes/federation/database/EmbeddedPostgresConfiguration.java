package io.ubernetes.federation.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Without {@code spring.datasource.url}, runs a real PostgreSQL 17 next to the service ({@link
 * EmbeddedDatabase}), on 127.0.0.1, with its data in a directory that survives restarts, durable as
 * PostgreSQL is by default. The migrations run as its superuser, who then hands the tables to the
 * service's own role ({@link EmbeddedRoles}), which the connection pool logs in as. A server that
 * dies is started again ({@link DatabaseWatchdog}). It is stopped, after the connection pool, when
 * the service shuts down. Its own output goes to a log file beside the data directory, of which
 * only warnings and errors reach the service's log ({@link PostgresLog}). With a URL, none of this
 * happens.
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
  EmbeddedDatabase embeddedDatabase(
      EmbeddedPostgresProperties properties, PostgresLog postgresLog) {
    EmbeddedDatabase database = EmbeddedDatabase.start(properties, postgresLog);
    log.info(
        "Embedded PostgreSQL listening on 127.0.0.1:{}, data in {}, its log in {}, passwords in {}",
        database.port(),
        database.ephemeral() ? "a temporary directory" : database.dataDirectory(),
        postgresLog.file(),
        database.dataDirectory().resolve(DatabasePasswords.FILE));
    return database;
  }

  /** Stopped before the database, so that it never sees the server it watches stop. */
  @Bean(destroyMethod = "close")
  DatabaseWatchdog databaseWatchdog(
      EmbeddedDatabase database,
      EmbeddedPostgresProperties properties,
      ApplicationEventPublisher events) {
    return DatabaseWatchdog.watch(database, properties.restartAttempts(), events);
  }

  /** The service's role, which owns its tables but is no superuser. */
  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(EmbeddedDatabase database, DatabaseWatchdog watchdog) {
    return DataSourceBuilder.create()
        .type(HikariDataSource.class)
        .url(database.jdbcUrl())
        .username(DatabasePasswords.SERVICE_ROLE)
        .password(database.passwords().service())
        .build();
  }

  /** The migrations run as the superuser, so that the audit log and its triggers stay theirs. */
  @Bean
  FlywayConfigurationCustomizer superuserMigrations(EmbeddedDatabase database) {
    return configuration -> configuration.dataSource(database.superuser());
  }

  /** Whatever the migrations created, but the audit log, goes to the service's role. */
  @Bean
  FlywayMigrationStrategy migrateThenHandOver(EmbeddedDatabase database) {
    return flyway -> {
      flyway.migrate();
      EmbeddedRoles.handOver(database.superuser());
    };
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
