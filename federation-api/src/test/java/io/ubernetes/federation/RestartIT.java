package io.ubernetes.federation;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stopping and starting the service on the same embedded data directory loses nothing, and a
 * stopping service lets its agents go at once.
 */
@ExtendWith(OutputCaptureExtension.class)
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

  /**
   * A name clash is a 409 the service expects, not an error to log, and starting and stopping the
   * embedded database is no news on a normal start; what PostgreSQL reports as an error still
   * shows.
   */
  @Test
  void logsNoDuplicateKeysNorTheDatabasesSetUpAcrossConflictsAndRestarts(
      @TempDir Path data, CapturedOutput output) throws Exception {
    Path directory = data.resolve("postgres");
    for (int run = 1; run <= 2; run++) {
      try (ConfigurableApplicationContext service = start(directory)) {
        ApiClient api = client(service);
        api.post("/api/v1/clusters", cluster("fra", "eu-central", "onprem"));
        assertThat(api.post("/api/v1/clusters", cluster("fra", "eu-central", "onprem")).status())
            .isEqualTo(409);
        List<Future<Response>> racing = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < 8; i++) {
            racing.add(
                clients.submit(
                    () -> api.post("/api/v1/namespaces/shop/workloads", workload("race"))));
          }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> answer : racing) {
          statuses.add(answer.get().status());
        }
        assertThat(statuses).isSubsetOf(201, 409).contains(409);
        String marker = "no_such_table_" + run;
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        assertThat(
                org.junit.jupiter.api.Assertions.assertThrows(
                    RuntimeException.class, () -> jdbc.execute("select * from " + marker)))
            .isNotNull();
        // PostgreSQL's own report of an error still shows, after whatever it reported before.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> output.getAll().contains("relation \"" + marker + "\" does not exist"));
      }
    }

    assertThat(output.getAll())
        .contains("Embedded PostgreSQL listening on 127.0.0.1:")
        .doesNotContain("duplicate key")
        .doesNotContain("pg_ctl")
        .doesNotContain("Success. You can now start the database server")
        .doesNotContain("waiting for server to start")
        .doesNotContain("database system is ready to accept connections")
        .doesNotContain("the database system is starting up")
        .doesNotContain("Did not clean up directory");
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
