package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.EU_ONLY;
import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the members' nodes and pods tell the federation, end to end with real agents: a replica goes
 * only where a node can hold it, pods a member cannot schedule show in the workload's status in the
 * member's words and move elsewhere after the grace period, pods that fail on purpose show as the
 * member's kubelet words it, and a cluster that fails is Unknown in its workloads' status at once.
 * The default four clusters: onprem-fra has two 8-core nodes, the cloud clusters four 16-core nodes
 * each.
 */
class WorkloadHealthE2E {
  @TempDir static Path data;
  private static FleetHarness fleet;

  @BeforeAll
  static void start() {
    fleet = new FleetHarness(data, Map.of("ubernetes.scheduler.unschedulable-grace-period", "3s"));
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aReplicaBiggerThanEveryNodeIsPlacedNowhereAndTheStatusSaysWhy() {
    assertThat(
            fleet
                .api
                .post("/api/v1/namespaces/big/workloads", workload("huge", 2, "20", "{}", ""))
                .status())
        .isEqualTo(201);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(scheduled(fleet.status("big", "huge")).path("message").asString())
                    .startsWith("0/2 replicas placed; 0/4 clusters fit: ")
                    .contains("no node has 20 CPU free (largest free 16)")
                    .contains("1 no node has 20 CPU free (largest free 8)"));
    assertThat(scheduled(fleet.status("big", "huge")).path("status").asString()).isEqualTo("False");
    // Another test may hold gcp-eu-north back for a while: the others say why they do not fit.
    JsonNode filtered =
        fleet.api.get("/api/v1/namespaces/big/workloads/huge/placement").json().path("filtered");
    assertThat(filtered.path("no node has 20 CPU free (largest free 8)").toString())
        .contains("onprem-fra");
    assertThat(filtered.path("no node has 20 CPU free (largest free 16)").toString())
        .contains("aws-eu-west")
        .contains("aws-us-east");
    for (String cluster : new String[] {"onprem-fra", "aws-eu-west", "gcp-eu-north"}) {
      assertThat(fleet.deployment(cluster, "big", "huge")).isNull();
    }
  }

  @Test
  void aReplicaThatFitsOnlyBigNodesSkipsTheSmallOnesAndRuns() {
    // onprem-fra is the cheapest, but a 12-core replica fits none of its 8-core nodes.
    assertThat(
            fleet
                .api
                .post("/api/v1/namespaces/big/workloads", workload("wide", 2, "12", EU_ONLY, ""))
                .status())
        .isEqualTo(201);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = fleet.status("big", "wide");
              assertThat(FleetHarness.condition(status, "Ready")).isEqualTo("True");
              assertThat(status.path("availableReplicas").asInt()).isEqualTo(2);
            });
    assertThat(fleet.placement("big", "wide")).doesNotContainKey("onprem-fra");
  }

  @Test
  void podsAMemberCannotScheduleAreReportedInItsWordsAndMoveWhereTheyRun() {
    // Only aws-eu-west's nodes carry this zone; the federation cannot know, the members can.
    String nodeSelector = "\"nodeSelector\": {\"topology.kubernetes.io/zone\": \"eu-west-1a\"},";
    String cheapFirst =
        """
        {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
          "operator": "In", "values": ["eu-central", "eu-west"]}]},
         "preferences": [{"weight": 100, "selector": {"matchLabels": {"ubernetes.io/tier": "onprem"}}}]}
        """;
    assertThat(
            fleet
                .api
                .post(
                    "/api/v1/namespaces/picky/workloads",
                    workload("zonal", 2, "500m", cheapFirst, nodeSelector))
                .status())
        .isEqualTo(201);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(FleetHarness.conditionMessage(fleet.status("picky", "zonal"), "Ready"))
                    .contains(
                        "onprem-fra: 2 pods Pending: 0/2 nodes are available: 2 node(s) didn't"
                            + " match Pod's node affinity/selector."));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = fleet.status("picky", "zonal");
              assertThat(fleet.placement("picky", "zonal")).isEqualTo(Map.of("aws-eu-west", 2));
              assertThat(FleetHarness.condition(status, "Ready")).isEqualTo("True");
            });
    assertThat(
            fleet
                .api
                .get("/api/v1/namespaces/picky/workloads/zonal/placement")
                .json()
                .path("filtered")
                .toString())
        .contains("onprem-fra")
        .contains("could not schedule its replicas since");
  }

  @Test
  void aFailedClustersSharesAreUnknownAtOnceAndReadinessCountsOnlyTheOthers() {
    String spread =
        """
        {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
          "operator": "In", "values": ["eu-west", "eu-north"]}]},
         "maxReplicasPerCluster": 2}
        """;
    fleet.api.post("/api/v1/namespaces/shop/workloads", workload("halves", 4, "500m", spread, ""));
    await()
        .atMost(PATIENCE)
        .until(() -> fleet.status("shop", "halves").path("readyReplicas").asInt() == 4);
    // Two each, and aws-eu-west may not take more: gcp-eu-north keeps its two when it fails.
    int onWest = fleet.placement("shop", "halves").get("aws-eu-west");

    fleet.sandbox().partition("gcp-eu-north");
    try {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                JsonNode status = fleet.status("shop", "halves");
                assertThat(status.path("readyReplicas").asInt()).isEqualTo(onWest);
                assertThat(FleetHarness.condition(status, "Ready")).isEqualTo("False");
                JsonNode share = share(status, "gcp-eu-north");
                assertThat(share.path("health").asString()).isEqualTo("Unknown");
                assertThat(share.path("message").asString())
                    .startsWith("cluster unreachable since ");
              });
    } finally {
      fleet.sandbox().heal("gcp-eu-north");
    }
  }

  @Test
  void podsThatFailOnPurposeAreReportedInTheMembersWordsAndNoOtherClusterGetsThem() {
    String west =
        "{\"clusterSelector\": {\"matchLabels\": {\"topology.kubernetes.io/region\": \"eu-west\"}}}";
    String missing = "registry.example.com/shop/does-not-exist:1.0";
    fleet.api.post(
        "/api/v1/namespaces/bad/workloads",
        workload("crashing", 1, "500m", west, "", "nginx:crashloop"));
    fleet.api.post(
        "/api/v1/namespaces/bad/workloads", workload("pulling", 1, "500m", west, "", missing));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode crashing = share(fleet.status("bad", "crashing"), "aws-eu-west");
              assertThat(crashing.path("health").asString()).isEqualTo("Degraded");
              assertThat(crashing.path("message").asString())
                  .startsWith("1 pod CrashLoopBackOff: back-off ")
                  .contains("restarting failed container=app pod=crashing-");
              JsonNode pulling = share(fleet.status("bad", "pulling"), "aws-eu-west");
              assertThat(pulling.path("health").asString()).isEqualTo("Degraded");
              assertThat(pulling.path("message").asString())
                  .containsPattern("^1 pod (ErrImagePull|ImagePullBackOff): ")
                  .contains(missing);
            });
    assertThat(fleet.status("bad", "crashing").path("readyReplicas").asInt()).isZero();
    assertThat(fleet.imagesEverRun("aws-eu-west", "bad", "crashing"))
        .containsExactly("nginx:crashloop");
    for (String cluster : new String[] {"onprem-fra", "gcp-eu-north", "aws-us-east"}) {
      assertThat(fleet.imagesEverRun(cluster, "bad", "crashing")).as(cluster).isEmpty();
      assertThat(fleet.imagesEverRun(cluster, "bad", "pulling")).as(cluster).isEmpty();
    }
  }

  @Test
  void theDefaultFleetsCanaryCarriesItsRolloutRingInTheFederation() {
    JsonNode canaries =
        fleet
            .api
            .get("/api/v1/clusters?labelSelector=ubernetes.io/rollout-ring%3Dcanary")
            .json()
            .path("items");

    assertThat(canaries.valueStream().map(c -> c.at("/metadata/name").asString()))
        .containsExactly("gcp-eu-north");
    assertThat(canaries.get(0).at("/metadata/labels/topology.kubernetes.io~1region").asString())
        .isEqualTo("eu-north");
  }

  private static JsonNode scheduled(JsonNode status) {
    for (JsonNode condition : status.path("conditions")) {
      if ("Scheduled".equals(condition.path("type").asString())) {
        return condition;
      }
    }
    return status.path("missing");
  }

  private static JsonNode share(JsonNode status, String cluster) {
    for (JsonNode share : status.path("clusters")) {
      if (cluster.equals(share.path("name").asString())) {
        return share;
      }
    }
    throw new AssertionError("no share of " + cluster + " in " + status);
  }

  /** A Deployment of {@code cpu} per replica, with {@code podSpec} before its containers. */
  private static String workload(
      String name, int replicas, String cpu, String placement, String podSpec) {
    return workload(name, replicas, cpu, placement, podSpec, "nginx:1.27");
  }

  /** The same with another image. */
  private static String workload(
      String name, int replicas, String cpu, String placement, String podSpec, String image) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {%s "containers": [{"name": "app", "image": "%s",
                                                              "resources": {"requests": {"cpu": "%s", "memory": "256Mi"}}}]}}}},
                  "placement": %s}}
        """
        .formatted(name, replicas, name, name, podSpec, image, cpu, placement);
  }
}
