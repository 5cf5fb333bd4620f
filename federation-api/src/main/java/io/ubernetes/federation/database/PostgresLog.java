package io.ubernetes.federation.database;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The embedded PostgreSQL's own output (initdb, pg_ctl and the server's log), kept in a file beside
 * its data directory as any PostgreSQL installation keeps its server log, and read as it grows:
 * warnings and errors go on to the service's log at WARN, FATAL and PANIC at ERROR, the rest (the
 * set-up's progress, startup and shutdown, checkpoints) at DEBUG only.
 *
 * <p>The embedding library would otherwise log every line at INFO, but only while its pg_ctl runs:
 * the JDK closes a process's output when the process exits, so the server's later messages, errors
 * included, were lost after the first.
 */
final class PostgresLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresLog.class);
  private static final long ROTATE_BYTES = 10L * 1024 * 1024;
  private static final long POLL_MILLIS = 250;

  /** A server log line: {@code 2026-12-06 12:40:35.147 UTC [7003] ERROR: message}. */
  private static final Pattern LINE =
      Pattern.compile("^\\S+ \\S+ \\S+ (\\[\\d+\\] ([A-Z]+):\\s+.*)$");

  /**
   * Refusals PostgreSQL logs as FATAL while it starts or stops, when a connection comes too early
   * or too late (the embedding library asks until it is up): part of a normal start and stop.
   */
  private static final Pattern STARTING_OR_STOPPING =
      Pattern.compile(
          ".*FATAL:\\s+the database system is (starting up|shutting down|not yet accepting"
              + " connections).*");

  /** Lines that belong to the message before them, at its level. */
  private static final List<String> FOLLOWERS =
      List.of("DETAIL", "HINT", "STATEMENT", "CONTEXT", "QUERY", "LOCATION");

  private final Path file;
  private final boolean temporary;
  private final Thread reader;
  private volatile boolean running = true;
  private long position;
  private Level lastLevel = Level.DEBUG;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  /**
   * Starts reading {@code file} from its current end; a file grown too large starts over.
   *
   * @param temporary whether to delete the file on close (an ephemeral database's)
   */
  PostgresLog(Path file, boolean temporary) {
    this.file = file;
    this.temporary = temporary;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file) && Files.size(file) > ROTATE_BYTES) {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      position = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare PostgreSQL's log " + file, e);
    }
    reader = Thread.ofPlatform().name("ubernetes-postgres-log").daemon().start(this::follow);
  }

  Path file() {
    return file;
  }

  /** The last lines of the file, to explain a database that did not start. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      Deque<String> last = new ArrayDeque<>();
      for (String line : all) {
        if (!line.isBlank()) {
          last.addLast(line.strip());
          if (last.size() > lines) {
            last.removeFirst();
          }
        }
      }
      return String.join(" | ", last);
    } catch (IOException e) {
      return "(" + file + " is unreadable: " + e.getMessage() + ")";
    }
  }

  /** Passes on what is left to read, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      reader.join(TimeUnit.SECONDS.toMillis(5));
      if (temporary) {
        Files.deleteIfExists(file);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("Cannot delete {}: {}", file, e.getMessage());
    }
  }

  private void follow() {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (true) {
        boolean stopping = !running;
        int read;
        while ((read = channel.read(buffer, position)) > 0) {
          position += read;
          accept(buffer.array(), read);
          buffer.clear();
        }
        if (stopping) {
          accept(new byte[] {'\n'}, 1);
          return;
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
    } catch (IOException e) {
      log.warn("Stopped reading PostgreSQL's log {}: {}", file, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Splits what was read into lines; a line is decoded whole, its characters never cut. */
  private void accept(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == '\n') {
        String line = partial.toString(StandardCharsets.UTF_8).stripTrailing();
        partial.reset();
        if (!line.isEmpty()) {
          forward(line);
        }
      } else {
        partial.write(bytes[i]);
      }
    }
  }

  private void forward(String line) {
    Matcher server = LINE.matcher(line);
    Level level = Level.DEBUG;
    String text = line;
    if (server.matches()) {
      // The service's log has its own timestamp.
      text = server.group(1);
      String severity = server.group(2);
      level =
          switch (severity) {
            case "FATAL" ->
                STARTING_OR_STOPPING.matcher(line).matches() ? Level.DEBUG : Level.ERROR;
            case "PANIC" -> Level.ERROR;
            case "ERROR", "WARNING" -> Level.WARN;
            default -> FOLLOWERS.contains(severity) ? lastLevel : Level.DEBUG;
          };
      if (!FOLLOWERS.contains(severity)) {
        lastLevel = level;
      }
    } else {
      lastLevel = Level.DEBUG;
    }
    log.atLevel(level).log("PostgreSQL {}", text);
  }
}
