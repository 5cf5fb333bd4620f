package io.ubernetes.federation.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL's server processes as tests see them from outside: found by the {@code
 * postmaster.pid} in their data directory, and signalled by PID.
 */
final class Postmasters {
  private Postmasters() {}

  /** The PID in the data directory's {@code postmaster.pid}, if there is one. */
  static Optional<Long> pid(Path dataDirectory) {
    Path file = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() || lines.getFirst().isBlank()
          ? Optional.empty()
          : Optional.of(Long.parseLong(lines.getFirst().strip()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port in the data directory's {@code postmaster.pid}. */
  static int port(Path dataDirectory) {
    try {
      return Integer.parseInt(
          Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(3).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Stops the postmaster and every backend at once, as if the machine paused them. */
  static void freeze(long postmaster) {
    // The postmaster first: stopped, it forks no backend that the list below would miss.
    signal(postmaster, "STOP");
    ProcessHandle.of(postmaster)
        .ifPresent(handle -> handle.descendants().forEach(child -> signal(child.pid(), "STOP")));
  }

  /** Lets the postmaster and its backends run again. */
  static void thaw(long postmaster) {
    signal(postmaster, "CONT");
    ProcessHandle.of(postmaster)
        .ifPresent(handle -> handle.descendants().forEach(child -> signal(child.pid(), "CONT")));
  }

  static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops whatever postmaster a test left running on this data directory (a fast shutdown, then an
   * immediate one), so that no test leaks a server; only a process whose working directory is the
   * data directory is signalled.
   */
  static void stopLeftover(Path dataDirectory) {
    Optional<Long> pid = pid(dataDirectory);
    if (pid.isEmpty() || !alive(pid.get()) || !runsIn(pid.get(), dataDirectory)) {
      return;
    }
    signal(pid.get(), "CONT");
    for (String signal : List.of("INT", "QUIT")) {
      signal(pid.get(), signal);
      ProcessHandle handle = ProcessHandle.of(pid.get()).orElse(null);
      if (handle == null) {
        return;
      }
      try {
        handle.onExit().get(30, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException | ExecutionException e) {
        // still running: the next, harder signal
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean runsIn(long pid, Path dataDirectory) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))
          .equals(dataDirectory.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }
}
