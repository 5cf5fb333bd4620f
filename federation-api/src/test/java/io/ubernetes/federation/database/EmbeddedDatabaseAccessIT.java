package io.ubernetes.federation.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nobody reaches the embedded PostgreSQL without its generated passwords, which only the service's
 * user can read; the service works as a role that owns its tables but cannot touch the audit log's
 * rows nor its triggers; a data directory made before all this is brought up to it on start.
 */
class EmbeddedDatabaseAccessIT extends OwnDataDirectory {
  private static final String AUDIT_ROW =
      "insert into audit_events (at, verb, resource, status, outcome, detail)"
          + " values (now(), 'create', 'MemberCluster', 201, 'allowed', 'kept')";

  @Test
  void refusesTheSuperuserWithoutAPasswordAndLetsInWhoeverReadsThePasswordFile() throws Exception {
    try (ConfigurableApplicationContext service = Services.embedded(data())) {
      int port = Postmasters.port(data());

      Psql refused = psql(port, "postgres", home.resolve("no-such-file"), "select 1");
      assertThat(refused.exitCode()).as(refused.output()).isNotZero();
      assertThat(refused.output()).contains("password");

      Path passwords = data().resolve("pgpass");
      assertThat(Files.getPosixFilePermissions(passwords))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      Psql superuser = psql(port, "postgres", passwords, "select current_user");
      assertThat(superuser.exitCode()).as(superuser.output()).isZero();
      assertThat(superuser.output().strip()).isEqualTo("postgres");
      Psql serviceRole = psql(port, "ubernetes", passwords, "select count(*) from resources");
      assertThat(serviceRole.exitCode()).as(serviceRole.output()).isZero();
    }
  }

  @Test
  void theServicesRoleOwnsItsTablesButCannotDeleteAuditRowsNorDisableTheirTriggers() {
    try (ConfigurableApplicationContext service = Services.embedded(data())) {
      JdbcTemplate jdbc = new JdbcTemplate(service.getBean(DataSource.class));
      jdbc.execute(AUDIT_ROW);
      long rows = count(jdbc);

      assertThat(jdbc.queryForObject("show is_superuser", String.class)).isEqualTo("off");
      assertThat(ownerOf(jdbc, "resources"))
          .isEqualTo(jdbc.queryForObject("select current_user", String.class));
      assertThatThrownBy(
              () ->
                  jdbc.execute(
                      (Statement statement) -> {
                        statement.execute("set session_replication_role = replica");
                        return statement.executeUpdate("delete from audit_events");
                      }))
          .rootCause()
          .hasMessageContaining("permission denied to set parameter \"session_replication_role\"");
      assertThatThrownBy(() -> jdbc.update("delete from audit_events"))
          .rootCause()
          .hasMessageContaining("permission denied for table audit_events");
      assertThatThrownBy(() -> jdbc.execute("alter table audit_events disable trigger all"))
          .rootCause()
          .hasMessageContaining("must be owner");
      assertThatThrownBy(
              () -> jdbc.execute("drop trigger audit_events_append_only on audit_events"))
          .rootCause()
          .hasMessageContaining("must be owner");
      assertThat(count(jdbc)).isEqualTo(rows);
    }
  }

  @Test
  void theAuditTriggersHoldEvenInAReplicationSession() throws Exception {
    try (ConfigurableApplicationContext service = Services.embedded(data());
        Connection superuser = superuser(Postmasters.port(data()));
        Statement statement = superuser.createStatement()) {
      statement.execute(AUDIT_ROW);
      statement.execute("set session_replication_role = replica");

      assertThatThrownBy(() -> statement.executeUpdate("delete from audit_events"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("truncate audit_events"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void locksDownADataDirectoryMadeBeforeAndKeepsItsData() throws Exception {
    try (EmbeddedPostgres before =
        EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setDataDirectory(data())
            .setCleanDataDirectory(false)
            .start()) {
      Flyway.configure()
          .dataSource(before.getPostgresDatabase())
          .locations("classpath:db/migration")
          .target("9")
          .load()
          .migrate();
      try (Connection connection = before.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(AUDIT_ROW);
      }
    }

    try (ConfigurableApplicationContext service = Services.embedded(data())) {
      int port = Postmasters.port(data());
      Psql refused = psql(port, "postgres", home.resolve("no-such-file"), "select 1");
      assertThat(refused.exitCode()).as(refused.output()).isNotZero();

      JdbcTemplate jdbc = new JdbcTemplate(service.getBean(DataSource.class));
      assertThat(jdbc.queryForObject("show is_superuser", String.class)).isEqualTo("off");
      assertThat(
              jdbc.queryForList(
                  "select detail from audit_events where detail = 'kept'", String.class))
          .hasSize(1);
      assertThat(ownerOf(jdbc, "resources"))
          .isEqualTo(jdbc.queryForObject("select current_user", String.class));
      assertThat(ownerOf(jdbc, "audit_events")).isEqualTo("postgres");
      assertThatThrownBy(() -> jdbc.update("delete from audit_events"))
          .rootCause()
          .hasMessageContaining("permission denied for table audit_events");
    }
  }

  private static long count(JdbcTemplate jdbc) {
    return jdbc.queryForObject("select count(*) from audit_events", Long.class);
  }

  private static String ownerOf(JdbcTemplate jdbc, String table) {
    return jdbc.queryForObject(
        "select tableowner from pg_tables where schemaname = 'public' and tablename = ?",
        String.class,
        table);
  }

  /** The superuser, with the password the password file holds (if there is one). */
  private Connection superuser(int port) throws IOException, SQLException {
    Path passwords = data().resolve("pgpass");
    String password = "";
    if (Files.exists(passwords)) {
      for (String line : Files.readAllLines(passwords)) {
        String[] fields = line.split(":");
        if (fields.length == 5 && fields[3].equals("postgres")) {
          password = fields[4];
        }
      }
    }
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
  }

  record Psql(int exitCode, String output) {}

  /** psql as an operator runs it: never prompting, with this password file and no other. */
  private static Psql psql(int port, String user, Path passwordFile, String sql)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-U",
                    user,
                    "-w",
                    "-X",
                    "-A",
                    "-t",
                    "-c",
                    sql,
                    "postgres"))
            .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("PG"));
    environment.put("PGPASSFILE", passwordFile.toString());
    environment.put("PGCONNECT_TIMEOUT", "10");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new Psql(process.exitValue(), output);
  }
}
