package io.ubernetes.federation.testing;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A watch opened over plain HTTP, as client-go opens one: its status, headers and body before the
 * stream when refused, else its events, one JSON line each, read as they arrive on a thread of its
 * own.
 */
public final class WatchConnection implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Object END = new Object();

  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private final String refusal;

  private WatchConnection(HttpResponse<InputStream> response) throws IOException {
    this.response = response;
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        refusal = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
      return;
    }
    refusal = null;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // closed
              } finally {
                lines.add(END);
              }
            });
  }

  /** Opens a watch with the test admin token. */
  public static WatchConnection open(int port, String pathAndQuery) {
    return open(port, pathAndQuery, ApiClient.ADMIN_TOKEN);
  }

  /** Opens a watch with this bearer token. */
  public static WatchConnection open(int port, String pathAndQuery, String token) {
    return open(port, pathAndQuery, token, "application/json");
  }

  /** Opens a watch with this bearer token, accepting this media type (e.g. Tables). */
  public static WatchConnection open(int port, String pathAndQuery, String token, String accept) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .header("Authorization", "Bearer " + token)
            .header("Accept", accept)
            .build();
    try {
      return new WatchConnection(
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /** The body of a watch refused before its stream started. */
  public JsonNode refusal() {
    return JSON.readTree(refusal);
  }

  /**
   * The next event, waiting at most {@code patience} for it.
   *
   * @throws AssertionError when none came, or the stream ended
   */
  public JsonNode next(Duration patience) {
    Object line;
    try {
      line = lines.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
    if (line == null) {
      throw new AssertionError("no event within " + patience);
    }
    if (line == END) {
      lines.add(END);
      throw new AssertionError("the watch ended");
    }
    return JSON.readTree((String) line);
  }

  public JsonNode next() {
    return next(Duration.ofSeconds(20));
  }

  /** The next event that is not a BOOKMARK. */
  public JsonNode nextChange() {
    JsonNode event = next();
    while (event.path("type").asString().equals("BOOKMARK")) {
      event = next();
    }
    return event;
  }

  /** Whether the server ended the stream, waiting at most {@code patience} for it to end. */
  public boolean endsWithin(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        Object line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line == END) {
          lines.add(END);
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
    http.close();
  }
}
