package io.ubernetes.benchmark.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet benchmarks' calls: to the federation's API, with the admin token, and to the sandbox's
 * control API.
 */
public final class FleetClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI federation;
  private final String adminToken;

  public FleetClient(URI federation, String adminToken) {
    this.federation = federation;
    this.adminToken = adminToken;
  }

  public void awaitReadyClusters(int count, Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    long ready = 0;
    while (System.nanoTime() < deadline) {
      ready = list("/api/v1/clusters").stream().filter(c -> condition(c, "Ready")).count();
      if (ready >= count) {
        System.out.println("  all " + count + " clusters are Ready");
        return;
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException(
        "only " + ready + " of " + count + " clusters became Ready within " + patience);
  }

  /** The simulated clusters' API server URLs, from the sandbox's control API. */
  Map<String, String> apiServers(URI sandbox, int count, Duration patience) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(sandbox.resolve("/sandbox/clusters")).timeout(patience).build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, String> servers = new TreeMap<>();
    for (JsonNode cluster : JSON.readTree(answer.body())) {
      servers.put(cluster.path("name").asString(), cluster.path("apiServer").asString());
    }
    if (servers.size() != count) {
      throw new IllegalStateException(
          "the sandbox lists " + servers.size() + " clusters, not " + count + ": " + answer.body());
    }
    return servers;
  }

  /** The workloads in namespaces starting with {@code prefix}. */
  public List<JsonNode> workloads(String prefix) throws Exception {
    return list("/api/v1/workloads").stream()
        .filter(w -> w.at("/metadata/namespace").asString().startsWith(prefix + "-"))
        .toList();
  }

  /** Every item of a list, page by page. */
  public List<JsonNode> list(String path) throws Exception {
    return listed(path).items();
  }

  /**
   * Every item of a list, page by page, and the list's resourceVersion (its first page's, which the
   * later pages keep), to watch it from.
   */
  public record Listed(List<JsonNode> items, String resourceVersion) {}

  /** As {@link #list}, with the version to watch from. */
  public Listed listed(String path) throws Exception {
    List<JsonNode> items = new ArrayList<>();
    String version = null;
    String token = null;
    do {
      String url =
          path
              + "?limit=500"
              + (token == null
                  ? ""
                  : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(federation.resolve(url))
                  .timeout(Duration.ofSeconds(30))
                  .header("Accept", "application/json")
                  .header("Authorization", "Bearer " + adminToken)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "listing " + path + " answered " + answer.statusCode() + ": " + answer.body());
      }
      JsonNode page = JSON.readTree(answer.body());
      page.path("items").forEach(items::add);
      if (version == null) {
        version = page.at("/metadata/resourceVersion").asString(null);
      }
      token = page.at("/metadata/continue").asString(null);
      if (token != null && token.isEmpty()) {
        token = null;
      }
    } while (token != null);
    return new Listed(items, version);
  }

  public int send(String method, String path, String body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(federation.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + adminToken);
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The service's metrics in the Prometheus text format. */
  public String scrape() throws Exception {
    return http.send(
            HttpRequest.newBuilder(federation.resolve("/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  public static boolean condition(JsonNode object, String type) {
    for (JsonNode condition : object.at("/status/conditions")) {
      if (type.equals(condition.path("type").asString())) {
        return "True".equals(condition.path("status").asString());
      }
    }
    return false;
  }
}
