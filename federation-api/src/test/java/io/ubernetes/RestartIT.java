package io.ubernetes;

import static io.ubernetes.api.Manifests.cluster;
import static io.ubernetes.api.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.ubernetes.api.ApiClient;
import io.ubernetes.api.ApiClient.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping and starting the service on the same embedded data directory loses nothing, and a
 * stopping service lets its agents go at once.
 */
class RestartIT {

  @Test
  void keepsEverythingAcrossAStopAndStart(@TempDir Path data) {
    Path directory = data.resolve("postgres");
    Response cluster;
    Response workload;
    try (ConfigurableApplicationContext first = start(directory)) {
      ApiClient api = client(first);
      cluster = api.post("/api/v1/clusters", cluster("fra", "eu-central", "onprem"));
      workload = api.post("/api/v1/namespaces/shop/workloads", workload("web"));
      assertThat(cluster.status()).isEqualTo(201);
      assertThat(workload.status()).isEqualTo(201);
    }
    assertThat(Files.exists(directory.resolve("PG_VERSION"))).isTrue();
    assertThat(directory.resolve("postmaster.pid"))
        .as("the embedded PostgreSQL stopped with the service")
        .doesNotExist();

    try (ConfigurableApplicationContext second = start(directory)) {
      ApiClient api = client(second);
      assertThat(api.get("/api/v1/clusters/fra").json()).isEqualTo(cluster.json());
      assertThat(api.get("/api/v1/namespaces/shop/workloads/web").json())
          .isEqualTo(workload.json());

      Response next =
          api.mergePatch("/api/v1/clusters/fra", "{\"spec\": {\"unschedulable\": true}}");
      assertThat(Long.parseLong(next.at("/metadata/resourceVersion")))
          .isGreaterThan(Long.parseLong(workload.at("/metadata/resourceVersion")));
    }
  }

  @Test
  void answersWaitingAgentsWhenItStops(@TempDir Path data) throws Exception {
    ConfigurableApplicationContext service =
        start(data.resolve("postgres"), "--ubernetes.agents.long-poll-timeout=5m");
    Future<Response> waiting;
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      try {
        ApiClient api = client(service);
        Response joined =
            api.post(
                "/api/v1/agent/join",
                """
                {"cluster": "fra", "joinToken": "test-join-token", "requestId": "join-1",
                 "facts": {"region": "eu-central", "zone": "eu-central-a", "provider": "test",
                           "tier": "onprem", "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
                """);
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        String credential = joined.at("/credential");
        String feed = "/api/v1/agent/clusters/fra/work?since=";
        long revision =
            api.sendAuthorized("GET", feed + 0, credential, null).json().path("revision").asLong();
        waiting = pool.submit(() -> api.sendAuthorized("GET", feed + revision, credential, null));
        // The request is held (nothing changes for this cluster) until the service stops.
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> activeRequests(meters) == 1);
        assertThat(waiting).isNotDone();
      } finally {
        service.close();
      }
      Response answer = waiting.get(60, TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.json().path("items").isEmpty()).isTrue();
      assertThat(answer.json().path("tombstones").isEmpty()).isTrue();
    }
  }

  /** Requests in progress (their route is not known while they run). */
  private static long activeRequests(MeterRegistry meters) {
    return meters.find("http.server.requests.active").longTaskTimers().stream()
        .mapToLong(LongTaskTimer::activeTasks)
        .sum();
  }

  private static ConfigurableApplicationContext start(Path directory, String... settings) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.data-directory=" + directory,
                "--ubernetes.scheduler.enabled=false",
                "--ubernetes.agents.join-token=test-join-token",
                "--" + ApiClient.ADMIN_TOKEN_PROPERTY));
    args.addAll(List.of(settings));
    return new SpringApplicationBuilder(FederationApplication.class)
        .run(args.toArray(String[]::new));
  }

  private static ApiClient client(ConfigurableApplicationContext context) {
    return new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
  }
}
