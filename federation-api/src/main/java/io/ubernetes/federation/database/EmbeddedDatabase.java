package io.ubernetes.federation.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the service runs itself when no {@code spring.datasource.url} is given: on
 * 127.0.0.1, with its data in a directory only this service may use at a time ({@link
 * DataDirectoryLock}), passwords for every login ({@link EmbeddedRoles}), and a server that can be
 * started again, on the same port, after it died ({@link DatabaseWatchdog}).
 */
final class EmbeddedDatabase implements AutoCloseable {
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);
  private static final Duration INITDB_PATIENCE = Duration.ofMinutes(5);

  private final PostgresBinaries binaries;
  private final Path dataDirectory;
  private final Path temporary;
  private final PostgresLog log;
  private final DataDirectoryLock lock;
  private final DatabasePasswords passwords;
  private final int port;
  private final Duration startupTimeout;
  private volatile PostgresServer server;
  private volatile boolean closed;

  private EmbeddedDatabase(
      PostgresBinaries binaries,
      Path dataDirectory,
      Path temporary,
      PostgresLog log,
      DataDirectoryLock lock,
      DatabasePasswords passwords,
      int port,
      Duration startupTimeout) {
    this.binaries = binaries;
    this.dataDirectory = dataDirectory;
    this.temporary = temporary;
    this.log = log;
    this.lock = lock;
    this.passwords = passwords;
    this.port = port;
    this.startupTimeout = startupTimeout;
  }

  /**
   * Claims the data directory, stops what a service that is gone left running on it, creates the
   * database if there is none, sets its roles and passwords, and starts the server.
   *
   * @throws IllegalStateException at once, saying why, when it cannot start
   */
  static EmbeddedDatabase start(EmbeddedPostgresProperties properties, PostgresLog log) {
    Path temporary = null;
    Path dataDirectory;
    try {
      if (properties.ephemeral()) {
        temporary = Files.createTempDirectory("ubernetes-postgres-");
        dataDirectory = temporary.resolve("postgres");
      } else {
        dataDirectory = properties.dataDirectory().toAbsolutePath().normalize();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary data directory", e);
    }
    DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
    try {
      PostgresBinaries binaries = PostgresBinaries.unpacked();
      LeftoverServer.clear(dataDirectory, binaries, log);
      if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
        initdb(binaries, dataDirectory, log);
      }
      DatabasePasswords passwords = DatabasePasswords.keptIn(dataDirectory);
      EmbeddedRoles.provision(binaries, dataDirectory, passwords, log.file());
      int port = properties.port() == 0 ? freePort() : properties.port();
      EmbeddedDatabase database =
          new EmbeddedDatabase(
              binaries,
              dataDirectory,
              temporary,
              log,
              lock,
              passwords,
              port,
              properties.startupTimeout());
      database.server =
          PostgresServer.start(binaries, dataDirectory, port, log, properties.startupTimeout());
      return database;
    } catch (RuntimeException e) {
      lock.close();
      deleteTemporary(temporary);
      throw new IllegalStateException(
          "Embedded PostgreSQL did not start with data in "
              + (temporary == null ? dataDirectory : "a temporary directory")
              + ": "
              + e.getMessage()
              + " (its log: "
              + log.file()
              + "). To use an external PostgreSQL, set spring.datasource.url",
          e);
    }
  }

  int port() {
    return port;
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  Path logFile() {
    return log.file();
  }

  boolean ephemeral() {
    return temporary != null;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  DatabasePasswords passwords() {
    return passwords;
  }

  /** The superuser, for the migrations and the hand-over of what they create. */
  DataSource superuser() {
    PGSimpleDataSource superuser = new PGSimpleDataSource();
    superuser.setServerNames(new String[] {"127.0.0.1"});
    superuser.setPortNumbers(new int[] {port});
    superuser.setDatabaseName("postgres");
    superuser.setUser(DatabasePasswords.SUPERUSER);
    superuser.setPassword(passwords.superuser());
    return superuser;
  }

  /** The current server's PID. */
  long pid() {
    return server.pid();
  }

  /** Completes when the current server's process ends. */
  CompletableFuture<Process> exit() {
    return server.exit();
  }

  boolean closed() {
    return closed;
  }

  /**
   * Starts the server again, on the same data directory and port, after it died; PostgreSQL
   * recovers what was committed from its write-ahead log.
   *
   * @throws IllegalStateException saying why, when it does not start
   */
  synchronized void restart() {
    if (closed) {
      return;
    }
    if (server.alive()) {
      return;
    }
    LeftoverServer.clear(dataDirectory, binaries, log);
    server = PostgresServer.start(binaries, dataDirectory, port, log, startupTimeout);
  }

  /** Stops the server, then lets the data directory go (a temporary one is deleted). */
  @Override
  public synchronized void close() {
    closed = true;
    try {
      server.stop(STOP_PATIENCE);
    } finally {
      lock.close();
      deleteTemporary(temporary);
    }
  }

  private static void initdb(PostgresBinaries binaries, Path dataDirectory, PostgresLog log) {
    // Every login is refused until the roles get their passwords, in single-user mode, before the
    // server first starts: there is no moment when a login without a password would work.
    int exit =
        binaries.run(
            log.file(),
            INITDB_PATIENCE,
            null,
            "initdb",
            "-D",
            dataDirectory.toString(),
            "-U",
            DatabasePasswords.SUPERUSER,
            "-E",
            "UTF-8",
            "-A",
            "reject");
    if (exit != 0) {
      throw new IllegalStateException(
          "initdb failed with exit code " + exit + "; its output ends with: " + log.tail(5));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }

  private static void deleteTemporary(Path temporary) {
    if (temporary == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(temporary)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the temporary database " + temporary, e);
    }
  }
}
