package io.ubernetes.federation.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the embedded PostgreSQL server, a process the service starts itself: so the service
 * learns at once when it exits, and a start that fails says why without waiting out a timeout.
 */
final class PostgresServer {
  private static final Logger logger = LoggerFactory.getLogger(PostgresServer.class);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration SIGNAL_PATIENCE = Duration.ofSeconds(10);
  private static final Duration SESSIONS_PATIENCE = Duration.ofSeconds(5);

  private final PostgresBinaries binaries;
  private final PostgresLog log;
  private final Process process;

  private PostgresServer(PostgresBinaries binaries, PostgresLog log, Process process) {
    this.binaries = binaries;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts the server on 127.0.0.1 only, with no Unix socket, durable as PostgreSQL is by default,
   * and waits until it accepts connections.
   *
   * @throws IllegalStateException naming the reason, as soon as the server exits or {@code
   *     patience} has passed
   */
  static PostgresServer start(
      PostgresBinaries binaries, Path dataDirectory, int port, PostgresLog log, Duration patience) {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  binaries.serverCommand(
                      "-D",
                      dataDirectory.toString(),
                      "-c",
                      "listen_addresses=127.0.0.1",
                      "-c",
                      "port=" + port,
                      // No socket in /tmp for every local user to try: TCP with a password only.
                      "-c",
                      "unix_socket_directories=",
                      // A commit the service acknowledges is on disk.
                      "-c",
                      "fsync=on",
                      "-c",
                      "synchronous_commit=on",
                      "-c",
                      "timezone=UTC",
                      "-c",
                      "max_connections=300"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start PostgreSQL", e);
    }
    PostgresServer server = new PostgresServer(binaries, log, process);
    server.awaitReady(dataDirectory, patience);
    return server;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Completes when the server's process has ended, for whatever reason. */
  CompletableFuture<Process> exit() {
    return process.onExit();
  }

  /**
   * A smart shutdown first: no session is let in any more, and the server stops once the sessions
   * it has end. The service stops it right after closing its connection pool, and a session ends
   * only once its backend has read the client's goodbye: a fast shutdown at that moment ended the
   * backends not yet scheduled to read it, each logging "terminating connection due to
   * administrator command", on every other stop of a busy machine. A session still open after
   * {@link #SESSIONS_PATIENCE} is one that nobody closed: it is ended by a fast shutdown
   * (everything committed stays), and PostgreSQL's FATAL line for it reaches the service's log as
   * the error it is. Then an immediate shutdown if the server is still running after {@code
   * patience}.
   */
  void stop(Duration patience) {
    if (!process.isAlive()) {
      return;
    }
    signal("TERM");
    if (waitForExit(SESSIONS_PATIENCE)) {
      return;
    }
    logger.warn(
        "PostgreSQL (pid {}) still has sessions open {} s after it was asked to stop; ending them",
        process.pid(),
        SESSIONS_PATIENCE.toSeconds());
    signal("INT");
    if (!waitForExit(patience)) {
      signal("QUIT");
      waitForExit(SIGNAL_PATIENCE);
    }
  }

  private void awaitReady(Path dataDirectory, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PostgreSQL exited with code "
                + process.exitValue()
                + " as it started; its log ends with: "
                + log.tail(5));
      }
      boolean ready =
          PostmasterPidFile.read(dataDirectory)
              .filter(file -> file.pid() == process.pid() && file.ready())
              .isPresent();
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        stop(SIGNAL_PATIENCE);
        throw new IllegalStateException(
            "PostgreSQL did not accept connections within "
                + patience
                + " (ubernetes.database.embedded.startup-timeout); its log ends with: "
                + log.tail(5));
      }
      try {
        process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop(SIGNAL_PATIENCE);
        throw new IllegalStateException("Interrupted while PostgreSQL started", e);
      }
    }
  }

  /** Whether the process ended within {@code patience}. */
  private boolean waitForExit(Duration patience) {
    try {
      return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private void signal(String signal) {
    binaries.run(
        log.file(), SIGNAL_PATIENCE, null, "pg_ctl", "kill", signal, Long.toString(process.pid()));
  }
}
