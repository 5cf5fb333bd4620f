package io.ubernetes.federation.database;

import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Services of their own for the database's tests, in this JVM, scheduler off unless asked. */
final class Services {
  /**
   * The longest an API call may take when the database does not answer (see the README's
   * Operations), and a margin for a loaded machine.
   */
  static final Duration CALL_BOUND = Duration.ofSeconds(20).plusSeconds(5);

  private Services() {}

  /** A service on the embedded database in {@code dataDirectory}. */
  static ConfigurableApplicationContext embedded(Path dataDirectory, String... settings) {
    return embedded(dataDirectory, false, settings);
  }

  /**
   * As {@link #embedded(Path, String...)}, with the scheduler on: its lock's connection is open
   * too.
   */
  static ConfigurableApplicationContext embeddedScheduling(Path dataDirectory) {
    return embedded(dataDirectory, true);
  }

  private static ConfigurableApplicationContext embedded(
      Path dataDirectory, boolean scheduler, String... settings) {
    List<String> all = new ArrayList<>();
    all.add("--ubernetes.database.embedded.data-directory=" + dataDirectory);
    all.add("--ubernetes.agents.data-directory=" + dataDirectory.resolveSibling("service"));
    all.add("--ubernetes.scheduler.enabled=" + scheduler);
    all.addAll(List.of(settings));
    return start(all);
  }

  /** A service on the database at {@code url}, as {@code user} without a password. */
  static ConfigurableApplicationContext external(String url, String user, Path home) {
    return start(
        List.of(
            "--spring.datasource.url=" + url,
            "--spring.datasource.username=" + user,
            "--ubernetes.agents.data-directory=" + home,
            "--ubernetes.scheduler.enabled=false"));
  }

  private static ConfigurableApplicationContext start(List<String> settings) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.agents.join-token=test-join-token",
                "--" + ApiClient.ADMIN_TOKEN_PROPERTY));
    args.addAll(settings);
    return new SpringApplicationBuilder(FederationApplication.class)
        .run(args.toArray(String[]::new));
  }

  static int port(ConfigurableApplicationContext service) {
    return ((WebServerApplicationContext) service).getWebServer().getPort();
  }

  static ApiClient api(ConfigurableApplicationContext service) {
    return new ApiClient(port(service));
  }

  /** A GET with the admin token that must be answered within {@link #CALL_BOUND}. */
  static HttpResponse<String> boundedGet(ConfigurableApplicationContext service, String path) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(service) + path))
            .header("Authorization", "Bearer " + ApiClient.ADMIN_TOKEN),
        path);
  }

  /** The status of a health probe, asked as an orchestrator asks: without a token. */
  static int probe(ConfigurableApplicationContext service, String probe) {
    String path = "/actuator/health/" + probe;
    return send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(service) + path)), path)
        .statusCode();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String path) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          request.header("Accept", "application/json").timeout(CALL_BOUND).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " was not answered in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
