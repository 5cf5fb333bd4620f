package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.protocol.Paths;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkFeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent protocol's calls as the member agent's federation client makes them (same paths,
 * methods, headers, bodies and timeouts), for every light member at once: one JDK HTTP client
 * (HTTP/1.1, keep-alive, on virtual threads) and one JSON mapper, shared by the whole fleet. The
 * calls block, which is cheap on the members' virtual threads; retrying is the caller's.
 */
final class AgentCalls implements AutoCloseable {
  private static final String JSON = "application/json";

  /** The agent's call timeout and long-poll timeout (the federation holds a poll up to 30 s). */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  static final Duration POLL_TIMEOUT = Duration.ofSeconds(45);

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CALL_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(threads)
          .build();
  private final JsonMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final String base;

  /** An answer: the HTTP status and, for a 2xx with one, the body read as asked. */
  record Answer<T>(int status, T body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  AgentCalls(URI federation) {
    String url = federation.toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** {@code POST} {@link Paths#JOIN}, without credential. */
  Answer<JoinResponse> join(JoinRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + Paths.JOIN))
                .header("Content-Type", JSON)
                .header("Accept", JSON)
                .timeout(CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return read(response, JoinResponse.class);
  }

  int heartbeat(String cluster, String credential, Heartbeat heartbeat)
      throws IOException, InterruptedException {
    return put(Paths.HEARTBEAT, cluster, credential, heartbeat);
  }

  int status(String cluster, String credential, StatusReport report)
      throws IOException, InterruptedException {
    return put(Paths.STATUS, cluster, credential, report);
  }

  /** The long poll of {@link Paths#WORK}: held by the federation while nothing changed. */
  Answer<WorkFeed> work(String cluster, String credential, long since)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + Paths.forCluster(Paths.WORK, cluster) + "?since=" + since))
                .header(Paths.AUTHORIZATION, "Bearer " + credential)
                .header("Accept", JSON)
                .timeout(POLL_TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return read(response, WorkFeed.class);
  }

  private int put(String path, String cluster, String credential, Object body)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + Paths.forCluster(path, cluster)))
                .header(Paths.AUTHORIZATION, "Bearer " + credential)
                .header("Content-Type", JSON)
                .timeout(CALL_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private <T> Answer<T> read(HttpResponse<byte[]> response, Class<T> type) {
    int status = response.statusCode();
    if (status / 100 != 2 || response.body().length == 0) {
      return new Answer<>(status, null);
    }
    return new Answer<>(status, json.readValue(response.body(), type));
  }

  @Override
  public void close() {
    http.shutdownNow();
    threads.shutdownNow();
  }
}
