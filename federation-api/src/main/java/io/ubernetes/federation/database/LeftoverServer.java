package io.ubernetes.federation.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service that is gone may have left in its data directory, dealt with before a start (the
 * caller holds the {@link DataDirectoryLock}, so no live service owns the directory): its server
 * still running, stopped as PostgreSQL's documentation says, by a fast shutdown, then an immediate
 * one; or a {@code postmaster.pid} naming a process that no longer runs, or is not a server of this
 * directory, removed as PostgreSQL itself removes a stale one. No other process is ever signalled.
 */
final class LeftoverServer {
  private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);
  private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(30);
  private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(10);

  private LeftoverServer() {}

  static void clear(Path dataDirectory, PostgresBinaries binaries, PostgresLog postgresLog) {
    Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(dataDirectory);
    if (pidFile.isEmpty()) {
      return;
    }
    long pid = pidFile.get().pid();
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      log.info(
          "Removing {}: its server (pid {}) is no longer running", PostmasterPidFile.NAME, pid);
      remove(dataDirectory);
      return;
    }
    if (!serverOf(process.get(), dataDirectory)) {
      log.warn(
          "Removing {}: pid {} is no PostgreSQL server of {} but another process, left alone",
          PostmasterPidFile.NAME,
          pid,
          dataDirectory);
      remove(dataDirectory);
      return;
    }
    log.warn(
        "PostgreSQL (pid {}) is still running on {}, left by a service that is gone; stopping it",
        pid,
        dataDirectory);
    for (String signal : List.of("INT", "QUIT")) {
      binaries.run(
          postgresLog.file(),
          IMMEDIATE_SHUTDOWN,
          null,
          "pg_ctl",
          "kill",
          signal,
          Long.toString(pid));
      if (ended(process.get(), signal.equals("INT") ? FAST_SHUTDOWN : IMMEDIATE_SHUTDOWN)) {
        log.info("The left-over PostgreSQL (pid {}) stopped", pid);
        return;
      }
    }
    throw new IllegalStateException(
        "PostgreSQL (pid "
            + pid
            + ") left running on "
            + dataDirectory
            + " by a service that is gone did not stop; stop it (kill -QUIT "
            + pid
            + ") and start again");
  }

  /**
   * Whether the process is a PostgreSQL server working in this data directory, as the operating
   * system tells (its program and its working directory, which a server keeps in its data
   * directory). A process of another user cannot be the service's server.
   *
   * @throws IllegalStateException when the process cannot be looked at, rather than guessing
   */
  private static boolean serverOf(ProcessHandle process, Path dataDirectory) {
    String me = System.getProperty("user.name");
    if (process.info().user().filter(user -> !user.equals(me)).isPresent()) {
      return false;
    }
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    try {
      String program = Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString();
      Path workingDirectory = Files.readSymbolicLink(proc.resolve("cwd"));
      return program.startsWith("postgres") && workingDirectory.equals(dataDirectory.toRealPath());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot tell whether pid "
              + process.pid()
              + ", named by "
              + dataDirectory.resolve(PostmasterPidFile.NAME)
              + ", is a PostgreSQL server of that directory ("
              + e.getMessage()
              + "): stop it if it is, or else remove that file, and start again",
          e);
    }
  }

  private static boolean ended(ProcessHandle process, Duration patience) {
    try {
      process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void remove(Path dataDirectory) {
    try {
      Files.deleteIfExists(dataDirectory.resolve(PostmasterPidFile.NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
