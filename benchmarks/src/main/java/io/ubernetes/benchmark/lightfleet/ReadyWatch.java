package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.fleet.FleetClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches the federation's workloads ({@code GET /api/v1/workloads?watch=true}, from the
 * resourceVersion of a list, as a Kubernetes client does) and notes when each one's {@code Ready}
 * condition first turned {@code True}: the federation's own view of the members' status reports,
 * seen as it changes rather than polled. Reconnects from the last version seen when the server ends
 * the watch.
 */
final class ReadyWatch implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI federation;
  private final String adminToken;
  private final FleetClient client;
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile String resourceVersion;
  private volatile boolean closed;

  ReadyWatch(URI federation, String adminToken, FleetClient client) {
    this.federation = federation;
    this.adminToken = adminToken;
    this.client = client;
    this.thread = Thread.ofVirtual().name("ready-watch").start(this::run);
  }

  /** When each workload ({@code namespace/name}) first showed Ready, by {@link System#nanoTime}. */
  Map<String, Long> ready() {
    return ready;
  }

  private void run() {
    while (!closed) {
      try {
        if (resourceVersion == null) {
          // As an informer does: what the list shows is the state, Ready ones included, which
          // may have turned Ready while no watch was open to tell.
          FleetClient.Listed listed = client.listed("/api/v1/workloads");
          long now = System.nanoTime();
          listed.items().forEach(object -> noteReady(object, now));
          resourceVersion = listed.resourceVersion();
        }
        HttpResponse<InputStream> response =
            http.send(
                HttpRequest.newBuilder(
                        federation.resolve(
                            "/api/v1/workloads?watch=true&allowWatchBookmarks=true"
                                + "&resourceVersion="
                                + resourceVersion))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Accept", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
          response.body().close();
          resourceVersion = null;
          Thread.sleep(1_000);
          continue;
        }
        try (BufferedReader lines =
            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null) {
            take(line, System.nanoTime());
          }
        }
      } catch (IOException e) {
        sleepQuietly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // The list failed (the federation restarting): list and watch again.
        resourceVersion = null;
        sleepQuietly();
      }
    }
  }

  private void take(String line, long now) {
    if (line.isBlank()) {
      return;
    }
    JsonNode event = JSON.readTree(line);
    String type = event.path("type").asString();
    JsonNode object = event.path("object");
    if ("ERROR".equals(type)) {
      // Too old a version: list again.
      resourceVersion = null;
      return;
    }
    String version = object.at("/metadata/resourceVersion").asString(null);
    if (version != null) {
      resourceVersion = version;
    }
    if ("ADDED".equals(type) || "MODIFIED".equals(type)) {
      noteReady(object, now);
    }
  }

  private void noteReady(JsonNode object, long now) {
    if (FleetClient.condition(object, "Ready")) {
      ready.putIfAbsent(
          object.at("/metadata/namespace").asString()
              + "/"
              + object.at("/metadata/name").asString(),
          now);
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    http.shutdownNow();
  }
}
