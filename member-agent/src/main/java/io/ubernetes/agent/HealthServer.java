package io.ubernetes.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz}: 200 while the agent's loops run. {@code GET /readyz}: 200 once the agent
 * has joined the federation, 503 before. Nothing else.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  HealthServer(InetSocketAddress address, BooleanSupplier alive, BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(address, 8);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handle(exchange, alive, ready);
          }
        });
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, BooleanSupplier alive, BooleanSupplier ready)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.equals("/healthz") && !path.equals("/readyz")) {
      respond(exchange, 404, "not found");
      return;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().add("Allow", "GET, HEAD");
      respond(exchange, 405, "method not allowed");
      return;
    }
    if (path.equals("/healthz")) {
      respond(exchange, alive.getAsBoolean() ? 200 : 503, alive.getAsBoolean() ? "ok" : "stalled");
    } else {
      boolean joined = ready.getAsBoolean();
      respond(exchange, joined ? 200 : 503, joined ? "ok" : "not joined");
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
