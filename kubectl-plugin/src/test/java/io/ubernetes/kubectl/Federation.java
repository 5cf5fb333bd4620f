package io.ubernetes.kubectl;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A federation API for the command tests: a real HTTP server on 127.0.0.1 answering fixed JSON
 * bodies by path (404 for others), and the commands run against it with a kubeconfig context of
 * namespace {@code shop}.
 */
final class Federation implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-12-07T10:05:00Z");

  /** What a run printed, and how it ended. */
  record Run(int exitCode, String out, String err) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<String> contexts = new ArrayList<>();

  private record Answer(int status, String body) {}

  Federation() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Answer answer =
              answers.getOrDefault(
                  exchange.getRequestURI().getPath(),
                  new Answer(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}"));
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  Federation answer(String path, String json) {
    return answer(path, 200, json);
  }

  Federation answer(String path, int status, String json) {
    answers.put(path, new Answer(status, json));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  Run run(String... args) {
    return runAgainst(url(), args);
  }

  /** Runs a command line against {@code url}. */
  Run runAgainst(String url, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Ubernetes ubernetes =
        new Ubernetes(
            context -> {
              contexts.add(String.valueOf(context));
              return config(url);
            },
            Clock.fixed(NOW, ZoneOffset.UTC));
    int exitCode =
        Ubernetes.commandLine(ubernetes, new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Config config(String url) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("shop")
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
