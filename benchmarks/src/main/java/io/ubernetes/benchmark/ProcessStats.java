package io.ubernetes.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's {@code /proc} says about a process: CPU time used and resident memory. */
public final class ProcessStats {
  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100;

  private ProcessStats() {}

  /** CPU seconds (user and system) the process has used so far. */
  public static double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name, field 2, is in parentheses and may hold spaces: count after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 (utime) and 15 (stime), counting from 1 with the name as field 2.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /** CPU seconds used by the process's descendants that are still running. */
  public static double descendantsCpuSeconds(long pid) {
    return ProcessHandle.of(pid).stream()
        .flatMap(ProcessHandle::descendants)
        .mapToDouble(
            child -> {
              try {
                return cpuSeconds(child.pid());
              } catch (UncheckedIOException e) {
                return 0; // ended meanwhile
              }
            })
        .sum();
  }

  /** Resident memory now, in KiB. */
  public static long rssKiB(long pid) {
    return status(pid, "VmRSS:");
  }

  /** The most resident memory the process has had, in KiB. */
  public static long peakRssKiB(long pid) {
    return status(pid, "VmHWM:");
  }

  /** The process's threads now. */
  public static long threads(long pid) {
    return status(pid, "Threads:");
  }

  /** The process's open file descriptors now: files, sockets, pipes. */
  public static long openFiles(long pid) {
    try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return entries.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CPUs the process may run on, as Linux lists them (e.g. {@code 0-1}). */
  public static String allowedCpus(long pid) {
    return statusText(pid, "Cpus_allowed_list:");
  }

  private static long status(long pid, String field) {
    return Long.parseLong(statusText(pid, field).split("\\s+")[0]);
  }

  private static String statusText(long pid, String field) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith(field)) {
        return line.substring(field.length()).trim();
      }
    }
    throw new IllegalStateException("no " + field + " for process " + pid);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
