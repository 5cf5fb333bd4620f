package io.ubernetes.dns;

import io.ubernetes.dns.records.Directory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the federation's record feed ({@code GET /api/v1/dns/records?since=<version>}, held until
 * the records change or the wait times out). When the federation is away it keeps the records it
 * has and retries with a growing backoff: losing contact never empties the zone. With a cache file,
 * the last records also survive a restart of this server.
 */
final class FeedFollower implements RecordSource {
  static final String FEED = "/api/v1/dns/records";
  private static final Logger log = LoggerFactory.getLogger(FeedFollower.class);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration UNCHANGED_PAUSE = Duration.ofSeconds(1);

  private final URI federation;
  private final String token;
  private final Path cacheFile;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile boolean running = true;
  private volatile long version = -1;
  private Thread thread;

  FeedFollower(URI federation, String token, Path cacheFile) {
    this.federation = federation;
    this.token = token;
    this.cacheFile = cacheFile;
  }

  @Override
  public Directory first() throws InterruptedException {
    if (cacheFile != null && Files.isReadable(cacheFile)) {
      try {
        Directory cached = DirectoryCodec.read(Files.readString(cacheFile));
        version = cached.version();
        log.info("Serving the records cached in {} until the federation answers", cacheFile);
        return cached;
      } catch (IOException | RuntimeException e) {
        log.warn("Ignoring unreadable cache {}: {}", cacheFile, e.toString());
      }
    }
    Duration backoff = Duration.ofMillis(250);
    while (true) {
      try {
        Directory directory = fetch(Duration.ZERO);
        accepted(directory);
        return directory;
      } catch (IOException e) {
        log.warn("Waiting for the federation at {}: {}", federation, e.toString());
        Thread.sleep(backoff.toMillis());
        backoff = next(backoff);
      }
    }
  }

  @Override
  public void follow(Consumer<Directory> updates) {
    thread =
        Thread.ofVirtual()
            .name("dns-feed")
            .start(
                () -> {
                  Duration backoff = Duration.ofMillis(250);
                  while (running) {
                    try {
                      Directory directory = fetch(WAIT);
                      backoff = Duration.ofMillis(250);
                      if (directory.version() != version) {
                        accepted(directory);
                        updates.accept(directory);
                      } else {
                        // The feed should have held the request; do not spin on one that did not.
                        Thread.sleep(UNCHANGED_PAUSE.toMillis());
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    } catch (Exception e) {
                      log.warn(
                          "Federation feed unavailable, keeping the records of version {}: {}",
                          version,
                          e.toString());
                      try {
                        Thread.sleep(backoff.toMillis());
                      } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                      backoff = next(backoff);
                    }
                  }
                });
  }

  private static Duration next(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  private Directory fetch(Duration wait) throws IOException, InterruptedException {
    URI uri =
        federation.resolve(FEED + "?since=" + version + "&timeoutSeconds=" + wait.toSeconds());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(wait.plusSeconds(15))
            .header("Accept", "application/json");
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + response.statusCode());
    }
    try {
      return DirectoryCodec.read(response.body());
    } catch (RuntimeException e) {
      throw new IOException("GET " + uri + " answered an unreadable body", e);
    }
  }

  private void accepted(Directory directory) {
    version = directory.version();
    if (cacheFile == null) {
      return;
    }
    try {
      Path temporary = cacheFile.resolveSibling(cacheFile.getFileName() + ".tmp");
      Files.writeString(temporary, DirectoryCodec.write(directory));
      Files.move(
          temporary,
          cacheFile,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("Cannot write the records cache {}: {}", cacheFile, e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
