package io.ubernetes.federation.database;

import static io.ubernetes.federation.database.DatabasePasswords.SERVICE_ROLE;
import static io.ubernetes.federation.database.DatabasePasswords.SUPERUSER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.util.PasswordUtil;

/**
 * Who may do what in the embedded database. Logins need a password (SCRAM), over TCP on the
 * loopback interface only. The superuser runs the migrations; the service works as the role {@code
 * ubernetes}, no superuser, which owns every table but the audit log, on which it may only read and
 * insert: it can neither delete audit rows nor disable, drop or replace the triggers that keep them
 * (nor skip them with {@code session_replication_role}, which only a superuser may set).
 *
 * <p>All of this is applied on every start, so a data directory made before it is brought up to it,
 * and one whose password file was lost gets new passwords.
 */
final class EmbeddedRoles {
  /** The append-only table and its trigger function, which stay the superuser's. */
  static final String AUDIT_LOG = "audit_events";

  private static final String AUDIT_FUNCTION = "audit_events_append_only()";
  private static final Duration SINGLE_USER_PATIENCE = Duration.ofMinutes(5);

  private static final String ACCESS_RULES =
      """
      # Written by the Ubernetes service on every start of its embedded PostgreSQL: a password
      # (SCRAM) is needed, over TCP on the loopback interface; nothing else may connect. The
      # passwords are in the file pgpass, in this directory, which only the service's user can read.
      host    all    all    127.0.0.1/32    scram-sha-256
      """;

  private EmbeddedRoles() {}

  /**
   * Sets the superuser's and the service role's passwords and the access rules while the server is
   * down: in single-user mode, which needs no login, so that no password-less login is ever
   * allowed, not even once to set the first password.
   */
  static void provision(
      PostgresBinaries binaries, Path dataDirectory, DatabasePasswords passwords, Path log) {
    String statements =
        String.join(
            "\n",
            "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + scram(passwords.superuser()) + "'",
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                + SERVICE_ROLE
                + "') THEN CREATE ROLE "
                + SERVICE_ROLE
                + "; END IF; END $$",
            "ALTER ROLE "
                + SERVICE_ROLE
                + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                + " PASSWORD '"
                + scram(passwords.service())
                + "'",
            "");
    int exit =
        binaries.run(
            log,
            SINGLE_USER_PATIENCE,
            statements,
            "postgres",
            "--single",
            "-D",
            dataDirectory.toString(),
            // Any error ends the session with a failure, instead of going on to the next statement.
            "-c",
            "exit_on_error=on",
            "postgres");
    if (exit != 0) {
      throw new IllegalStateException(
          "Setting the database's roles and passwords failed (exit code " + exit + ")");
    }
    try {
      Files.writeString(dataDirectory.resolve("pg_hba.conf"), ACCESS_RULES);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the database's access rules", e);
    }
  }

  /**
   * After the migrations, which the superuser runs: hands the service's role whatever they created
   * (tables and sequences), except the audit log, which it may only read and insert into.
   * Functions, the audit log's trigger function among them, stay the superuser's.
   */
  static void handOver(DataSource superuser) {
    try (Connection connection = superuser.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          DO $$
          DECLARE
            object record;
          BEGIN
            FOR object IN
              SELECT c.oid::regclass AS name, c.relkind
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public'
                 AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
                 AND c.relname NOT IN ('%1$s', 'flyway_schema_history')
                 AND c.relowner <> '%2$s'::regrole
                 -- a sequence that belongs to a column goes with its table
                 AND NOT EXISTS (SELECT FROM pg_depend d
                                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                    AND d.deptype IN ('a', 'i'))
            LOOP
              EXECUTE format('ALTER %%s %%s OWNER TO %2$s',
                             CASE object.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                                 WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                             object.name);
            END LOOP;
          END $$
          """
              .formatted(AUDIT_LOG, SERVICE_ROLE));
      statement.execute("ALTER TABLE " + AUDIT_LOG + " OWNER TO " + SUPERUSER);
      statement.execute("ALTER FUNCTION " + AUDIT_FUNCTION + " OWNER TO " + SUPERUSER);
      statement.execute("REVOKE ALL ON " + AUDIT_LOG + " FROM " + SERVICE_ROLE);
      statement.execute("GRANT SELECT, INSERT ON " + AUDIT_LOG + " TO " + SERVICE_ROLE);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot hand the database's tables to the role " + SERVICE_ROLE, e);
    }
  }

  /** The SCRAM verifier: the password itself is never sent nor written to a log. */
  private static String scram(String password) {
    return PasswordUtil.encodeScramSha256(password.toCharArray());
  }
}
