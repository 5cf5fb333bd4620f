package io.ubernetes.dns;

import io.ubernetes.dns.records.Directory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A records document on disk, reloaded when it changes; a broken edit keeps the last good one. */
final class RecordsFile implements RecordSource {
  private static final Logger log = LoggerFactory.getLogger(RecordsFile.class);

  private final Path path;
  private volatile boolean running = true;
  private Thread watcher;
  private FileTime loaded;

  RecordsFile(Path path) {
    this.path = path;
  }

  @Override
  public Directory first() {
    try {
      loaded = Files.getLastModifiedTime(path);
      return DirectoryCodec.read(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  @Override
  public void follow(Consumer<Directory> updates) {
    watcher =
        Thread.ofVirtual()
            .name("records-file")
            .start(
                () -> {
                  while (running) {
                    try {
                      Thread.sleep(1000);
                      FileTime modified = Files.getLastModifiedTime(path);
                      if (!modified.equals(loaded)) {
                        loaded = modified;
                        updates.accept(DirectoryCodec.read(Files.readString(path)));
                        log.info("Reloaded {}", path);
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    } catch (Exception e) {
                      log.warn(
                          "Keeping the records loaded before: {} is unreadable: {}",
                          path,
                          e.toString());
                    }
                  }
                });
  }

  @Override
  public void close() {
    running = false;
    if (watcher != null) {
      watcher.interrupt();
    }
  }
}
