package io.ubernetes.federation.database;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * While an external database is unreachable, calls fail fast with 503 and {@code Retry-After} and
 * readiness is down; once it is back, the service recovers by itself.
 */
class ExternalDatabaseOutageIT {
  @TempDir Path home;

  @Test
  void answers503WhileItsDatabaseIsDownAndRecoversWhenItIsBack() throws IOException {
    int port = freePort();
    EmbeddedPostgres database = external(port);
    try (ConfigurableApplicationContext service =
        Services.external(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", home.resolve("svc"))) {
      ApiClient api = Services.api(service);
      Response written = api.post("/api/v1/clusters", cluster("ext", "eu-west", "cloud"));
      assertThat(written.status()).as(written.body()).isEqualTo(201);

      database.close();

      HttpResponse<String> read = Services.boundedGet(service, "/api/v1/clusters/ext");
      assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
      assertThat(read.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(read.headers().firstValue("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(seconds).matches("[1-9][0-9]*"));
      assertThat(Services.probe(service, "readiness")).isEqualTo(503);
      assertThat(Services.probe(service, "liveness")).isEqualTo(200);

      database = external(port);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Services.boundedGet(service, "/api/v1/clusters/ext").statusCode() == 200);
      assertThat(api.get("/api/v1/clusters/ext").json()).isEqualTo(written.json());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Services.probe(service, "readiness") == 200);
    } finally {
      database.close();
    }
  }

  /** A PostgreSQL of its own on this port, its data kept in the test's directory. */
  private EmbeddedPostgres external(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setDataDirectory(home.resolve("external"))
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
