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
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  Http(URI base) {
    this.base = base;
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

  private Answer send(String method, String path, String contentType, String body) {
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
