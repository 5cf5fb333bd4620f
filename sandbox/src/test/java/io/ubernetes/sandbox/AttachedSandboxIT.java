package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.FederationApplication;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code --federation-url}: the simulated clusters and their agents in a process of their own,
 * attached to a federation service running elsewhere (here, another Spring context).
 */
class AttachedSandboxIT {

  @Test
  void attachesTheFleetToAFederationElsewhereAndServesItsControlApi(@TempDir Path data) {
    try (ConfigurableApplicationContext federation =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.agents.join-token=attached-join-token",
                "--ubernetes.security.bootstrap-admin-token=" + Http.ADMIN_TOKEN)) {
      URI federationUrl = url(federation);
      try (ConfigurableApplicationContext sandbox =
          SandboxApplication.run(
              new String[] {
                "--federation-url=" + federationUrl,
                "--join-token=attached-join-token",
                "--admin-token=" + Http.ADMIN_TOKEN,
                "--clusters=2",
                "--server.port=0",
                "--ubernetes.sandbox.data-directory=" + data,
                "--ubernetes.sandbox.heartbeat-interval=1s"
              })) {
        Http control = new Http(url(sandbox));
        Http api = new Http(federationUrl);

        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  Http.Answer clusters = control.get("/sandbox/clusters");
                  assertThat(clusters.status()).isEqualTo(200);
                  assertThat(clusters.json()).hasSize(2);
                });
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(
                            api.get("/api/v1/clusters")
                                .json()
                                .path("items")
                                .valueStream()
                                .filter(
                                    c ->
                                        "True"
                                            .equals(
                                                FleetHarness.condition(c.path("status"), "Ready")))
                                .count())
                        .isEqualTo(2));
        assertThat(control.get("/api/v1/clusters").status())
            .as("the attached sandbox serves no federation API")
            .isEqualTo(404);
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(data.resolve("clusters/onprem-eu-central-000/state.json"))
                        .as("its clusters keep their objects in its own data directory")
                        .isRegularFile());
      }
    }
  }

  private static URI url(ConfigurableApplicationContext context) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return URI.create("http://127.0.0.1:" + port);
  }
}
