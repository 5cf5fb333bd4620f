package io.ubernetes.federation.resource;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of one watch: HTTP 200, {@code application/json}, chunked, one event a line, each
 * flushed as it is written. Also the Status a watch is refused with before its stream starts. The
 * kinds' watches write it, and so do the watches of what is not stored as a kind (the workloads'
 * events).
 */
public final class WatchStream {
  static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

  private final HttpServletResponse response;
  private final JsonMapper json;
  private final String apiVersion;
  private final String kind;
  private OutputStream out;

  WatchStream(HttpServletResponse response, JsonMapper json, String kind) {
    this(response, json, ApiObject.API_VERSION, kind);
  }

  /**
   * @param apiVersion and {@code kind}: what the bookmarks name
   */
  public WatchStream(
      HttpServletResponse response, JsonMapper json, String apiVersion, String kind) {
    this.response = response;
    this.json = json;
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  /** Refuses the watch with a Kubernetes Status, before any event. */
  static void refuse(
      HttpServletResponse response, JsonMapper json, int code, String reason, String message)
      throws IOException {
    response.setStatus(code);
    response.setContentType("application/json");
    response.getOutputStream().write(json.writeValueAsBytes(status(code, reason, message)));
  }

  public void open() throws IOException {
    response.setStatus(200);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-cache, private");
    out = response.getOutputStream();
    response.flushBuffer();
  }

  public void event(String type, byte[] object) throws IOException {
    out.write(("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
    out.write(object);
    out.write('}');
    out.write('\n');
    out.flush();
  }

  /** A BOOKMARK: every change up to this resourceVersion has been sent. */
  public void bookmark(long resourceVersion, boolean initialEventsEnd) throws IOException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", Long.toString(resourceVersion));
    if (initialEventsEnd) {
      metadata.put("annotations", Map.of(INITIAL_EVENTS_END, "true"));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("kind", kind);
    object.put("apiVersion", apiVersion);
    object.put("metadata", metadata);
    event("BOOKMARK", json.writeValueAsBytes(object));
  }

  /** An ERROR event with a Status, after which the watch ends. */
  void error(int code, String reason, String message) throws IOException {
    event("ERROR", json.writeValueAsBytes(status(code, reason, message)));
  }

  private static Map<String, Object> status(int code, String reason, String message) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (reason.equals("Timeout")) {
      status.put(
          "details",
          Map.of(
              "causes",
              java.util.List.of(
                  Map.of(
                      "reason",
                      "ResourceVersionTooLarge",
                      "message",
                      "Too large resource version"))));
    }
    status.put("code", code);
    return status;
  }
}
