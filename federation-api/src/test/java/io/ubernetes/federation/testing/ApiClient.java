package io.ubernetes.federation.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the API under test: real sockets, no Spring test shortcuts. */
public final class ApiClient {
  /**
   * The admin token the test services are configured with ({@code
   * ubernetes.security.bootstrap-admin-token}); {@link #ADMIN_TOKEN_PROPERTY} sets it.
   */
  public static final String ADMIN_TOKEN = "ubt_testadmin_test-admin-secret-0123456789";

  public static final String ADMIN_TOKEN_PROPERTY =
      "ubernetes.security.bootstrap-admin-token=" + ADMIN_TOKEN;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final java.util.Set<String> WRITES =
      java.util.Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final java.util.concurrent.atomic.AtomicLong CHANGES =
      new java.util.concurrent.atomic.AtomicLong();

  private final HttpClient http;
  private final String base;
  private final String authorization;
  private final Map<String, String> headers;

  /** Counts a change sent by another client (see {@link KubernetesClients}). */
  public static void changeSent() {
    CHANGES.incrementAndGet();
  }

  /** A client that sends the test admin token. */
  public ApiClient(int port) {
    this("http://127.0.0.1:" + port, "Bearer " + ADMIN_TOKEN, defaultClient(), Map.of());
  }

  private ApiClient(
      String base, String authorization, HttpClient http, Map<String, String> headers) {
    this.base = base;
    this.authorization = authorization;
    this.http = http;
    this.headers = headers;
  }

  private static HttpClient defaultClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The same client sending {@code bearer} instead (none when null). */
  public ApiClient withToken(String bearer) {
    return new ApiClient(base, bearer == null ? null : "Bearer " + bearer, http, headers);
  }

  /** The same client sending this header too on every request. */
  public ApiClient withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiClient(base, authorization, http, Map.copyOf(more));
  }

  /** The same client sending this Authorization header, whatever it holds. */
  public ApiClient withAuthorization(String header) {
    return new ApiClient(base, header, http, headers);
  }

  /** A response with its body as text and, when it is JSON, as a tree. */
  public record Response(int status, String contentType, String body, Map<String, String> headers) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String at(String pointer) {
      JsonNode node = json().at(pointer);
      return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    /** The fields named in a problem's {@code errors}. */
    /** The fields an error names: a problem's errors, or a Kubernetes Status's causes. */
    public java.util.List<String> errorFields() {
      JsonNode errors =
          "Status".equals(json().path("kind").asString())
              ? json().path("details").path("causes")
              : json().path("errors");
      return errors.valueStream().map(e -> e.path("field").asString()).toList();
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  public static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  public static JsonNode tree(String json) {
    return JSON.readTree(json);
  }

  /**
   * Issues an API token through {@code POST /api/v1/tokens}, valid for an hour.
   *
   * @param namespaces the namespaces it is confined to; empty for none
   * @return the token, to send as a bearer token
   */
  public String issueToken(String name, String role, java.util.List<String> namespaces) {
    Response issued =
        post(
            "/api/v1/tokens",
            json(Map.of("name", name, "role", role, "namespaces", namespaces, "expiresIn", "1h")));
    if (issued.status() != 201) {
      throw new AssertionError("issuing token " + name + " answered " + issued.body());
    }
    return issued.at("/token");
  }

  /**
   * Joins a cluster through {@code POST /api/v1/agent/join} as its agent would, with plain facts
   * (an on-prem cluster in eu-central), with a join token the service admits by itself.
   *
   * @return the cluster's agent credential
   */
  public String joinCluster(String cluster, String joinToken) {
    Response joined =
        post(
            "/api/v1/agent/join",
            """
            {"cluster": "%s", "joinToken": "%s", "requestId": "request-%s",
             "facts": {"region": "eu-central", "zone": "eu-central-a", "provider": "test",
                       "tier": "onprem", "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
            """
                .formatted(cluster, joinToken, cluster));
    if (joined.status() != 200) {
      throw new AssertionError("joining cluster " + cluster + " answered " + joined.body());
    }
    return joined.at("/credential");
  }

  public Response get(String path) {
    return send("GET", path, null, null, "application/json");
  }

  public Response get(String path, String accept) {
    return send("GET", path, null, null, accept);
  }

  public Response post(String path, String body) {
    return send("POST", path, "application/json", body, "application/json");
  }

  public Response put(String path, String body) {
    return send("PUT", path, "application/json", body, "application/json");
  }

  public Response mergePatch(String path, String body) {
    return send("PATCH", path, "application/merge-patch+json", body, "application/json");
  }

  public Response jsonPatch(String path, String body) {
    return send("PATCH", path, "application/json-patch+json", body, "application/json");
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null, "application/json");
  }

  public Response send(String method, String path, String contentType, String body, String accept) {
    return exchange(
        method,
        path,
        contentType,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body),
        accept);
  }

  /** Sends a JSON request with {@code Authorization: Bearer <credential>} (none when null). */
  public Response sendAuthorized(String method, String path, String credential, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
    }
    return send(request.build());
  }

  /** Sends {@code body} chunked, without a Content-Length. */
  public Response sendStreamed(String method, String path, String contentType, String body) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return exchange(
        method,
        path,
        contentType,
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)),
        "application/json");
  }

  private Response exchange(
      String method,
      String path,
      String contentType,
      HttpRequest.BodyPublisher body,
      String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    return send(request.build());
  }

  /**
   * How many attempted changes every client has sent and had answered: writes to the API, but not
   * agents' heartbeats, status reports and work polls, nor placement simulations (none of which the
   * audit log records).
   */
  public static long changesSent() {
    return CHANGES.get();
  }

  private static boolean isChange(HttpRequest request) {
    String path = request.uri().getRawPath();
    return WRITES.contains(request.method())
        && (path.startsWith("/api/v1/") || path.startsWith("/apis/ubernetes.io/v1/"))
        && !(path.startsWith("/api/v1/agent/clusters/") && !path.endsWith("/credential"))
        && !path.equals("/api/v1/placement:simulate");
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (isChange(request)) {
        CHANGES.incrementAndGet();
      }
      Map<String, String> headers = new java.util.HashMap<>();
      response
          .headers()
          .map()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          headers);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
