package io.ubernetes.benchmark.agent;

import io.ubernetes.federation.FederationApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The federation service in this JVM on 127.0.0.1 with an ephemeral embedded PostgreSQL, and a
 * small client of its API.
 */
final class Federation implements AutoCloseable {
  static final String JOIN_TOKEN = "benchmark-join-token";
  static final String ADMIN_TOKEN = "ubt_benchmark_benchmark-admin-secret-0123456789";

  private final ConfigurableApplicationContext context;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final URI base;

  private Federation(ConfigurableApplicationContext context) {
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts the service with production timings; {@code settings} are extra service arguments. */
  static Federation start(List<String> settings) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.agents.join-token=" + JOIN_TOKEN,
                "--ubernetes.security.bootstrap-admin-token=" + ADMIN_TOKEN,
                // The sandbox is on this module's class path (for the fleet benchmark): without
                // this
                // its four simulated clusters and agents would run in the measured process.
                "--logging.level.root=warn",
                "--spring.main.banner-mode=off"));
    args.addAll(settings);
    return new Federation(
        new SpringApplicationBuilder(FederationApplication.class).run(args.toArray(String[]::new)));
  }

  URI url() {
    return base;
  }

  /** The answer to one call: status and parsed body. */
  record Answer(int status, JsonNode body) {}

  Answer post(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer mergePatch(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request
                  .timeout(Duration.ofSeconds(30))
                  .header("Accept", "application/json")
                  .header("Authorization", "Bearer " + ADMIN_TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new IllegalStateException("calling the federation failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** How many member clusters are {@code Ready=True}. */
  int readyClusters() {
    Answer clusters = get("/api/v1/clusters");
    int ready = 0;
    for (JsonNode cluster : clusters.body().path("items")) {
      for (JsonNode condition : cluster.at("/status/conditions")) {
        if ("Ready".equals(condition.path("type").asString())
            && "True".equals(condition.path("status").asString())) {
          ready++;
        }
      }
    }
    return ready;
  }

  /** Waits until {@code count} clusters are Ready, or fails after {@code patience}. */
  void awaitReadyClusters(int count, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    int ready = 0;
    while (System.nanoTime() < deadline) {
      ready = readyClusters();
      if (ready >= count) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "only " + ready + " of " + count + " clusters became Ready within " + patience);
  }

  @Override
  public void close() {
    http.close();
    context.close();
  }
}
