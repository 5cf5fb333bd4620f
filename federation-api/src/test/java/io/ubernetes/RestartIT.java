package io.ubernetes;

import static io.ubernetes.api.Manifests.cluster;
import static io.ubernetes.api.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.api.ApiClient;
import io.ubernetes.api.ApiClient.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Stopping and starting the service on the same embedded data directory loses nothing. */
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

  private static ConfigurableApplicationContext start(Path directory) {
    return new SpringApplicationBuilder(FederationApplication.class)
        .run(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--ubernetes.database.embedded.data-directory=" + directory,
            "--ubernetes.scheduler.enabled=false",
            "--ubernetes.agents.join-token=test-join-token");
  }

  private static ApiClient client(ConfigurableApplicationContext context) {
    return new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
  }
}
