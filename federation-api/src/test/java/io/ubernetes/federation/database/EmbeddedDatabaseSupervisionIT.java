package io.ubernetes.federation.database;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service watches over its embedded PostgreSQL: a server that dies is started again on the same
 * data directory and port, and the service works on; one that does not answer makes calls fail fast
 * with 503 and readiness go down until it answers again; one that cannot be started again makes
 * liveness fail, so that an orchestrator restarts the service.
 */
class EmbeddedDatabaseSupervisionIT extends OwnDataDirectory {

  @Test
  void startsItsDatabaseAgainWhenItsServerDiesAndWorksOn() {
    try (ConfigurableApplicationContext service = Services.embedded(data())) {
      ApiClient api = Services.api(service);
      Response written = api.post("/api/v1/clusters", cluster("fra", "eu-central", "onprem"));
      assertThat(written.status()).as(written.body()).isEqualTo(201);
      long killed = Postmasters.pid(data()).orElseThrow();

      ProcessHandle.of(killed).orElseThrow().destroyForcibly();

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(Services.boundedGet(service, "/api/v1/clusters/fra").statusCode())
                      .isEqualTo(200));
      assertThat(Postmasters.pid(data())).get().isNotEqualTo(killed);
      assertThat(api.get("/api/v1/clusters/fra").json()).isEqualTo(written.json());
      Response next = api.post("/api/v1/clusters", cluster("ams", "eu-west", "cloud"));
      assertThat(next.status()).as(next.body()).isEqualTo(201);
      assertThat(Services.probe(service, "liveness")).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Services.probe(service, "readiness") == 200);
    }
  }

  @Test
  void answers503WithRetryAfterWhileItsDatabaseIsFrozenAndRecoversWhenItThaws() {
    try (ConfigurableApplicationContext service = Services.embedded(data())) {
      ApiClient api = Services.api(service);
      assertThat(api.post("/api/v1/clusters", cluster("fra", "eu-central", "onprem")).status())
          .isEqualTo(201);
      long postmaster = Postmasters.pid(data()).orElseThrow();

      Postmasters.freeze(postmaster);
      try {
        // Answered within the bound (Services.CALL_BOUND), however long the database stays frozen.
        HttpResponse<String> list = Services.boundedGet(service, "/api/v1/clusters");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(503);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(list.headers().firstValue("Retry-After"))
            .hasValueSatisfying(seconds -> assertThat(seconds).matches("[1-9][0-9]*"));
        assertThat(ApiClient.tree(list.body()).path("reason").asString())
            .isEqualTo("ServiceUnavailable");
        assertThat(Services.probe(service, "readiness")).isEqualTo(503);
        assertThat(Services.probe(service, "liveness"))
            .as("a database that does not answer is no reason to restart the service")
            .isEqualTo(200);
      } finally {
        Postmasters.thaw(postmaster);
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Services.boundedGet(service, "/api/v1/clusters").statusCode() == 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Services.probe(service, "readiness") == 200);
      assertThat(Postmasters.pid(data())).hasValue(postmaster);
    }
  }

  @Test
  void failsLivenessWhenItsDatabaseCannotBeStartedAgain() throws Exception {
    try (ConfigurableApplicationContext service =
        Services.embedded(data(), "--ubernetes.database.embedded.restart-attempts=2")) {
      assertThat(Services.probe(service, "liveness")).isEqualTo(200);
      long killed = Postmasters.pid(data()).orElseThrow();
      // A data directory this PostgreSQL refuses to start on.
      Files.writeString(data().resolve("PG_VERSION"), "9.6\n");

      ProcessHandle.of(killed).orElseThrow().destroyForcibly();

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> Services.probe(service, "liveness") == 503);
      HttpResponse<String> list = Services.boundedGet(service, "/api/v1/clusters");
      assertThat(list.statusCode()).as(list.body()).isEqualTo(503);
    }
  }
}
