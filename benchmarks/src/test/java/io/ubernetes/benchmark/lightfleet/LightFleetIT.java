package io.ubernetes.benchmark.lightfleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.benchmark.fleet.FleetClient;
import io.ubernetes.benchmark.fleet.WorkloadMix;
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
 * The light fleet against the real service: its members join with the join token, take their work
 * from the long poll and report it Ready, so that what the benchmark measures is the federation
 * doing its whole job.
 */
class LightFleetIT {
  private static final String JOIN_TOKEN = "lightfleet-it-join-token";
  private static final String ADMIN_TOKEN = "ubt_lightfleetit_lightfleet-it-admin-secret-0123";
  private static final int CLUSTERS = 20;
  private static final int WORKLOADS = 100;

  @Test
  void everyWorkloadReachesExactlyItsPlacedMembersAndIsReportedReady(@TempDir Path data)
      throws Exception {
    try (ConfigurableApplicationContext federation =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.agents.data-directory=" + data,
                "--ubernetes.agents.join-token=" + JOIN_TOKEN,
                "--ubernetes.security.bootstrap-admin-token=" + ADMIN_TOKEN,
                "--ubernetes.kubeconfig.enabled=false",
                "--spring.main.banner-mode=off")) {
      URI url =
          URI.create(
              "http://127.0.0.1:"
                  + ((WebServerApplicationContext) federation).getWebServer().getPort());
      FleetClient client = new FleetClient(url, ADMIN_TOKEN);
      try (LightFleet fleet = new LightFleet(url, CLUSTERS, JOIN_TOKEN, Duration.ofMillis(200))) {
        fleet.joinAndStart();
        client.awaitReadyClusters(CLUSTERS, Duration.ofSeconds(60));

        for (int i = 0; i < WORKLOADS; i++) {
          assertThat(
                  client.send(
                      "POST",
                      "/api/v1/namespaces/" + WorkloadMix.namespace("it", i) + "/workloads",
                      WorkloadMix.body(i)))
              .as("create %d", i)
              .isEqualTo(201);
        }

        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  FleetCheck check = FleetCheck.of(client, fleet, "it");
                  assertThat(check.workloads()).isEqualTo(WORKLOADS);
                  assertThat(check.shares())
                      .as("every workload placed on at least one cluster")
                      .isGreaterThanOrEqualTo(WORKLOADS);
                  assertThat(check.notReady()).as("workloads not Ready").isZero();
                  assertThat(check.missing()).as("shares a member does not hold").isZero();
                  assertThat(check.wrongReplicas()).as("shares with other replicas").isZero();
                  assertThat(check.unexpected()).as("work on clusters not placed on").isZero();
                });
      }
    }
  }
}
