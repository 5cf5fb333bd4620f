package io.ubernetes.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client for the federation's and the sandbox's APIs. */
final class Http {
  /** The admin token the tests' federations are configured with. */
  static final String ADMIN_TOKEN = "ubt_e2eadmin_e2e-admin-secret-0123456789";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final URI base;
  private final String token;

  /** A client with the tests' admin token. */
  Http(URI base) {
    this(base, ADMIN_TOKEN);
  }

  /** A client that sends {@code token} as its bearer token (none when null). */
  Http(URI base, String token) {
    this(base, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** A client over {@code http} (e.g. one that trusts a particular certificate). */
  Http(URI base, String token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.client = http;
  }

  /** Status and parsed body (a missing node when there is none). */
  record Answer(int status, JsonNode json) {
    String at(String pointer) {
      return json.at(pointer).asString();
    }
  }

  Answer get(String path) {
    return send("GET", path, null, null);
  }

  Answer post(String path, String body) {
    return send("POST", path, "application/json", body);
  }

  Answer put(String path, String body) {
    return send("PUT", path, "application/json", body);
  }

  Answer mergePatch(String path, String body) {
    return send("PATCH", path, "application/merge-patch+json", body);
  }

  Answer delete(String path) {
    return send("DELETE", path, null, null);
  }

  /** Any request: {@code contentType} and {@code body} may be null. */
  Answer send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
