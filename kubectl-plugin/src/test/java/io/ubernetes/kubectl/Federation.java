package io.ubernetes.kubectl;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A federation API for the command tests: a real HTTP (or HTTPS) server on 127.0.0.1 answering
 * fixed JSON bodies by path, or by method and path (404 for others), that keeps the requests it was
 * sent; the commands run against it with a kubeconfig context of namespace {@code shop}, polling
 * every few milliseconds where they wait.
 *
 * <p>The server's {@code Date} header is its real time (the JDK's server always sets it), so the
 * tests of {@code doctor}, which compares clocks, run on a clock that ticks ({@link #ticking}) and
 * write times into their answers as {@code {{now-10m}}}, filled in when the answer is sent.
 */
final class Federation implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-12-07T10:05:00Z");

  /** What a run printed, and how it ended. */
  record Run(int exitCode, String out, String err) {}

  private static final Pattern TIMES = Pattern.compile("\\{\\{now(?:([+-])(\\d+)([smhd]))?}}");

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  final List<String> contexts = new ArrayList<>();
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private String token;

  /** What was sent: {@code uri} with its query. */
  record Request(String method, String uri, String contentType, String body) {}

  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  private record Answer(int status, String body) {}

  private static final Answer NOT_FOUND =
      new Answer(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");

  Federation() throws IOException {
    this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  private Federation(HttpServer server) {
    this.server = server;
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
          byte[] body = times(answer.body()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** An HTTPS server presenting the first key of the PKCS#12 {@code keyStore}. */
  static Federation https(Path keyStore, char[] password) throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    return new Federation(server);
  }

  /**
   * Commands run on this machine's clock moved by {@code skew} (ahead when positive) from then on,
   * and their kubeconfig context holds {@code token} (none when null).
   */
  Federation ticking(Duration skew, String token) {
    this.clock = Clock.offset(Clock.systemUTC(), skew);
    this.token = token;
    return this;
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
    return (server instanceof HttpsServer ? "https" : "http")
        + "://127.0.0.1:"
        + server.getAddress().getPort()
        + "/";
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
              return config(url, token);
            },
            clock);
    ubernetes.pollInterval = Duration.ofMillis(5);
    ubernetes.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    int exitCode =
        Ubernetes.commandLine(ubernetes, new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Config config(String url, String token) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("shop")
        .withOauthToken(token)
        .withTrustCerts(true)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /** The body with each {@code {{now}}}, {@code {{now-10m}}} or {{now+20d}} as an RFC 3339 time. */
  private static String times(String body) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return TIMES
        .matcher(body)
        .replaceAll(
            match -> {
              if (match.group(1) == null) {
                return now.toString();
              }
              long amount = Long.parseLong(match.group(2));
              Duration offset =
                  switch (match.group(3)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                  };
              return (match.group(1).equals("+") ? now.plus(offset) : now.minus(offset)).toString();
            });
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
