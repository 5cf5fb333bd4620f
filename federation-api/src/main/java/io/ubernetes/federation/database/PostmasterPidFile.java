package io.ubernetes.federation.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a PostgreSQL server writes to {@code postmaster.pid} in its data directory while it runs:
 * its PID, its data directory, its port and, once it accepts connections, {@code ready}.
 *
 * @param port the port, or -1 while the server has not written it yet
 */
record PostmasterPidFile(long pid, String dataDirectory, int port, String status) {
  static final String NAME = "postmaster.pid";

  /** The file in this data directory, if there is one with a PID. */
  static Optional<PostmasterPidFile> read(Path dataDirectory) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dataDirectory.resolve(NAME));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + dataDirectory.resolve(NAME), e);
    }
    if (lines.isEmpty() || !lines.getFirst().strip().matches("-?\\d{1,19}")) {
      return Optional.empty();
    }
    long pid = Math.abs(Long.parseLong(lines.getFirst().strip()));
    return Optional.of(
        new PostmasterPidFile(
            pid,
            line(lines, 1),
            line(lines, 3).matches("\\d{1,5}") ? Integer.parseInt(line(lines, 3)) : -1,
            line(lines, 7)));
  }

  boolean ready() {
    return status.equals("ready");
  }

  private static String line(List<String> lines, int index) {
    return lines.size() > index ? lines.get(index).strip() : "";
  }
}
