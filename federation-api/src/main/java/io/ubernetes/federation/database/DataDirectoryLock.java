package io.ubernetes.federation.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The service's claim on an embedded data directory: a lock on {@code <data-directory>.lock}, held
 * while the service runs and released by the operating system when its process ends, however it
 * ends. A server found running on a directory nobody holds was left by a service that is gone.
 */
final class DataDirectoryLock implements AutoCloseable {
  /** The lock of the versions that let the embedding library start the server. */
  private static final String EARLIER_LOCK = "epg-lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Claims the directory, or says at once which service holds it. */
  static DataDirectoryLock acquire(Path dataDirectory) {
    Path file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null || !free(dataDirectory.resolve(EARLIER_LOCK))) {
        String holder = lock == null ? " (pid " + holder(channel) + ")" : "";
        channel.close();
        throw new IllegalStateException(
            "The embedded database's data directory "
                + dataDirectory
                + " is in use by another Ubernetes service"
                + holder
                + ": stop that service, or give this one a data directory of its own"
                + " (ubernetes.database.embedded.data-directory)");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lock, or null when another process, or another service in this one, holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** Whether no earlier version's service holds the directory through the embedding library. */
  private static boolean free(Path earlierLock) throws IOException {
    if (!Files.exists(earlierLock)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(earlierLock, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer content = ByteBuffer.allocate(32);
    channel.read(content, 0);
    String pid = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).strip();
    return pid.isEmpty() ? "unknown" : pid;
  }
}
