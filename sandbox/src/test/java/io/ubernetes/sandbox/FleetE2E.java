package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.EU_ONLY;
import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static io.ubernetes.sandbox.FleetHarness.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation service, the default four simulated clusters and their agents: residency, failover
 * when a cluster's API server fails, and a partition between an agent and the federation.
 */
class FleetE2E {
  private static final Set<String> EU = Set.of("onprem-fra", "aws-eu-west", "gcp-eu-north");

  @TempDir static Path data;
  private static FleetHarness fleet;

  @BeforeAll
  static void start() {
    fleet = new FleetHarness(data);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aWorkloadRestrictedToTheEuRunsOnlyInEuClustersAndBecomesReady() {
    assertThat(
            fleet
                .api
                .post("/api/v1/namespaces/shop/workloads", workload("eu-web", 6, EU_ONLY))
                .status())
        .isEqualTo(201);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(fleet.status("shop", "eu-web").path("readyReplicas").asInt()).isEqualTo(6);
              assertThat(FleetHarness.condition(fleet.status("shop", "eu-web"), "Ready"))
                  .isEqualTo("True");
            });
    Map<String, Integer> placed = fleet.placement("shop", "eu-web");
    assertThat(placed.keySet()).isSubsetOf(EU);
    int inClusters = 0;
    for (String cluster : EU) {
      assertThat(fleet.replicas(cluster, "shop", "eu-web"))
          .isEqualTo(placed.getOrDefault(cluster, 0));
      inClusters += fleet.replicas(cluster, "shop", "eu-web");
    }
    assertThat(inClusters).isEqualTo(6);
    assertThat(fleet.deployment("aws-us-east", "shop", "eu-web")).isNull();
  }

  @Test
  void aFailedClustersReplicasMoveToOtherAllowedClustersAndStayWhenItRecovers() {
    fleet.api.post("/api/v1/namespaces/shop/workloads", workload("failover", 4, EU_ONLY));
    await()
        .atMost(PATIENCE)
        .until(() -> fleet.status("shop", "failover").path("readyReplicas").asInt() == 4);
    String failed =
        fleet.placement("shop", "failover").entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();

    fleet.sandbox().fail(failed);
    try {
      fleet.awaitReady(failed, "False");
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                Map<String, Integer> placed = fleet.placement("shop", "failover");
                assertThat(placed).doesNotContainKey(failed);
                assertThat(placed.keySet()).isSubsetOf(EU);
                assertThat(fleet.status("shop", "failover").path("readyReplicas").asInt())
                    .isEqualTo(4);
              });
    } finally {
      fleet.sandbox().recover(failed);
    }
    fleet.awaitReady(failed, "True");
    Map<String, Integer> afterFailover = fleet.placement("shop", "failover");
    // A recovered cluster does not pull replicas back and forth: several passes later nothing
    // moved.
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(fleet.placement("shop", "failover")).isEqualTo(afterFailover));
    assertThat(afterFailover.keySet()).doesNotContain("aws-us-east");
  }

  @Test
  void aPartitionedClusterKeepsItsWorkloadUntilHealedThenLosesItByTombstone() {
    String placement =
        """
        {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
          "operator": "In", "values": ["eu-west", "eu-north"]}]},
         "preferences": [{"weight": 100, "selector": {"matchLabels": {"ubernetes.io/provider": "gcp"}}}]}
        """;
    fleet.api.post("/api/v1/namespaces/shop/workloads", workload("partitioned", 2, placement));
    await().atMost(PATIENCE).until(() -> fleet.replicas("gcp-eu-north", "shop", "partitioned") > 0);
    int before = fleet.replicas("gcp-eu-north", "shop", "partitioned");

    fleet.sandbox().partition("gcp-eu-north");
    try {
      fleet.awaitReady("gcp-eu-north", "Unknown");
      Instant silentSince = fleet.readySince("gcp-eu-north");
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(fleet.placement("shop", "partitioned"))
                      .doesNotContainKey("gcp-eu-north"));
      // Not before the grace period (2 s) had passed; both times are whole seconds.
      Instant failedOver =
          Instant.parse(
              fleet
                  .api
                  .get("/api/v1/namespaces/shop/workloads/partitioned/placement")
                  .at("/decidedAt"));
      assertThat(failedOver).isAfterOrEqualTo(silentSince.plusSeconds(1));
      await()
          .atMost(PATIENCE)
          .until(() -> fleet.replicas("aws-eu-west", "shop", "partitioned") == 2);
      // Cut off, the cluster keeps running what it had: nothing is deleted on uncertainty.
      assertThat(fleet.replicas("gcp-eu-north", "shop", "partitioned")).isEqualTo(before);
    } finally {
      fleet.sandbox().heal("gcp-eu-north");
    }
    fleet.awaitReady("gcp-eu-north", "True");
    await()
        .atMost(PATIENCE)
        .until(() -> fleet.deployment("gcp-eu-north", "shop", "partitioned") == null);
    assertThat(fleet.replicas("aws-eu-west", "shop", "partitioned")).isEqualTo(2);
  }
}
