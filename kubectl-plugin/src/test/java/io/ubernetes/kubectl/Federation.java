package io.ubernetes.kubectl;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A federation API for the command tests: a real HTTP server on 127.0.0.1 answering fixed JSON
 * bodies by path, or by method and path (404 for others), that keeps the requests it was sent; the
 * commands run against it with a kubeconfig context of namespace {@code shop}, polling every few
 * milliseconds where they wait.
 */
final class Federation implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-12-07T10:05:00Z");

  /** What a run printed, and how it ended. */
  record Run(int exitCode, String out, String err) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  final List<String> contexts = new ArrayList<>();

  /** What was sent: {@code uri} with its query. */
  record Request(String method, String uri, String contentType, String body) {}

  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  private record Answer(int status, String body) {}

  private static final Answer NOT_FOUND =
      new Answer(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");

  Federation() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String method = exchange.getRequestMethod();
          requests.add(
              new Request(
                  method,
                  exchange.getRequestURI().toString(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          Deque<Answer> turns = answers.get(method + " " + path);
          if (turns == null) {
            turns = answers.get(path);
          }
          Answer answer = turns == null ? NOT_FOUND : next(turns);
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

  /**
   * Answers {@code path} (or {@code "POST /path"}: that method only) with {@code status} and {@code
   * json}.
   */
  Federation answer(String path, int status, String json) {
    answers.put(path, new ConcurrentLinkedDeque<>(List.of(new Answer(status, json))));
    return this;
  }

  /** Answers {@code path} with each of {@code jsons} in turn, then with the last one again. */
  Federation answerInTurn(String path, String... jsons) {
    Deque<Answer> turns = new ConcurrentLinkedDeque<>();
    for (String json : jsons) {
      turns.add(new Answer(200, json));
    }
    answers.put(path, turns);
    return this;
  }

  private static Answer next(Deque<Answer> turns) {
    Answer answer = turns.size() > 1 ? turns.pollFirst() : turns.peekFirst();
    return answer == null ? NOT_FOUND : answer;
  }

  /** The requests sent other than GETs, as {@code METHOD uri}. */
  List<String> writes() {
    synchronized (requests) {
      return requests.stream()
          .filter(r -> !r.method().equals("GET"))
          .map(r -> r.method() + " " + r.uri())
          .toList();
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  Run run(String... args) {
    return runAgainst(url(), args);
  }

  /** Runs a command line whose standard input is {@code stdin}. */
  Run runWithInput(String stdin, String... args) {
    return run(url(), stdin, args);
  }

  /** Runs a command line against {@code url}. */
  Run runAgainst(String url, String... args) {
    return run(url, "", args);
  }

  private Run run(String url, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Ubernetes ubernetes =
        new Ubernetes(
            context -> {
              contexts.add(String.valueOf(context));
              return config(url);
            },
            Clock.fixed(NOW, ZoneOffset.UTC));
    ubernetes.pollInterval = Duration.ofMillis(5);
    ubernetes.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
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
