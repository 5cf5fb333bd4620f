package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class SchedulingIT extends SchedulingIntegrationTest {
  @Autowired private MeterRegistry meters;

  private static final String EU_ONLY =
      "\"matchExpressions\": [{\"key\": \"topology.kubernetes.io/region\", \"operator\": \"In\","
          + " \"values\": [\"eu-central\", \"eu-west\"]}]";

  @Test
  void placesANewWorkloadInEuClustersOnlyAndReportsItScheduled() {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 8, 0.01);
    String dub = cluster(run + "-dub", "eu-west", "cloud", 8, 0.03);
    cluster(run + "-iad", "us-east", "cloud", 64, 0.001);
    workload("shop", run + "-web", 6, euOnly(""));

    schedule();

    Map<String, Integer> replicas = replicas("shop", run + "-web");
    assertThat(replicas.keySet()).isSubsetOf(fra, dub);
    assertThat(replicas.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");
    assertThat(status.at("/conditions/0/type").asString()).isEqualTo("Scheduled");
    assertThat(status.at("/conditions/0/status").asString()).isEqualTo("True");
    assertThat(status.at("/conditions/0/reason").asString()).isEqualTo("Placed");
    assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
    assertThat(
            status.path("clusters").valueStream().mapToInt(c -> c.path("replicas").asInt()).sum())
        .isEqualTo(6);
  }

  @Test
  void explainsTheStoredDecision() {
    cluster(run + "-fra", "eu-central", "onprem", 8, 0.01);
    cluster(run + "-iad", "us-east", "cloud", 8, 0.01);
    workload("shop", run + "-api", 2, euOnly(""));
    Response before = api.get("/api/v1/namespaces/shop/workloads/" + run + "-api/placement");

    schedule();
    Response placement = api.get("/api/v1/namespaces/shop/workloads/" + run + "-api/placement");

    assertThat(before.status()).isEqualTo(404);
    assertThat(placement.status()).isEqualTo(200);
    assertThat(placement.at("/kind")).isEqualTo("WorkloadPlacement");
    assertThat(placement.at("/outcome")).isEqualTo("PLACED");
    assertThat(placement.at("/summary"))
        .startsWith("2/2 replicas on 1 cluster (" + run + "-fra 2)");
    assertThat(placement.json().path("filtered").propertyNames())
        .contains("region not in [eu-central, eu-west]");
    JsonNode verdict = placement.json().path("clusters").get(0);
    assertThat(verdict.path("cluster").asString()).isEqualTo(run + "-fra");
    assertThat(verdict.path("replicas").asInt()).isEqualTo(2);
    assertThat(verdict.path("cost").has("utilization")).isTrue();
  }

  @Test
  void placesAgainWhenTheSpecChangesButNotWhenNothingChanges() {
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload("shop", run + "-web", 3, placement(""));
    schedule();
    String decidedVersion = workloadStatus("shop", run + "-web").at("/metadata/resourceVersion");

    schedule();
    String unchanged = workloadStatus("shop", run + "-web").at("/metadata/resourceVersion");
    api.mergePatch(
        "/api/v1/namespaces/shop/workloads/" + run + "-web", "{\"spec\": {\"replicas\": 5}}");
    schedule();

    assertThat(unchanged).isEqualTo(decidedVersion);
    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(run + "-a", 5));
    assertThat(
            workloadStatus("shop", run + "-web").json().at("/status/observedGeneration").asLong())
        .isEqualTo(2);
  }

  @Test
  void timesAWorkloadsFirstPlacementFromItsCreationOnly() {
    Timer firstPlacement = meters.get("ubernetes.scheduler.first.placement").timer();
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    long countBefore = firstPlacement.count();
    double secondsBefore = firstPlacement.totalTime(TimeUnit.SECONDS);
    workload("shop", run + "-web", 2, placement(""));
    advance(Duration.ofSeconds(3));

    schedule();
    // Placed again for a new generation: not a first placement.
    api.mergePatch(
        "/api/v1/namespaces/shop/workloads/" + run + "-web", "{\"spec\": {\"replicas\": 4}}");
    advance(Duration.ofSeconds(5));
    schedule();

    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(run + "-a", 4));
    assertThat(firstPlacement.count() - countBefore).isEqualTo(1);
    assertThat(firstPlacement.totalTime(TimeUnit.SECONDS) - secondsBefore).isEqualTo(3.0);
    assertThat(api.get("/actuator/prometheus", "text/plain").body())
        .contains("ubernetes_scheduler_first_placement_seconds_bucket{");
  }

  @Test
  void movesReplicasOffAClusterThatGetsANoExecuteTaint() {
    String a = cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    String b = cluster(run + "-b", "eu-central", "onprem", 16, 0.02);
    workload("shop", run + "-web", 4, placement(""));
    schedule();
    assertThat(replicas("shop", run + "-web")).containsKey(a);

    api.mergePatch(
        "/api/v1/clusters/" + a,
        "{\"spec\": {\"taints\": [{\"key\": \"maintenance\", \"value\": \"true\", \"effect\": \"NoExecute\"}]}}");
    schedule();

    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(b, 4));
  }

  @Test
  void failsOverOnlyAfterTheGracePeriodAndKeepsItWhenTheClusterRecovers() {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.01);
    String dub = cluster(run + "-dub", "eu-west", "cloud", 16, 0.05);
    workload("shop", run + "-web", 4, euOnly(""));
    schedule();
    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(fra, 4));

    report(fra, "Unknown", 16);
    schedule();
    Map<String, Integer> withinGrace = replicas("shop", run + "-web");
    advance(Duration.ofSeconds(61));
    schedule();
    Map<String, Integer> afterGrace = replicas("shop", run + "-web");
    report(fra, "True", 16);
    schedule();
    Map<String, Integer> afterRecovery = replicas("shop", run + "-web");
    schedule();

    assertThat(withinGrace).containsExactly(Map.entry(fra, 4));
    assertThat(afterGrace).containsExactly(Map.entry(dub, 4));
    assertThat(afterRecovery.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    assertThat(replicas("shop", run + "-web")).as("no flapping").isEqualTo(afterRecovery);
  }

  @Test
  void keepsItsPlacementAndSaysWhyWhenResidencyLeavesNowhereToGo() {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.01);
    cluster(run + "-iad", "us-east", "cloud", 64, 0.001);
    workload("shop", run + "-db", 3, euOnly(""));
    schedule();

    report(fra, "False", 16);
    advance(Duration.ofSeconds(61));
    schedule();

    assertThat(replicas("shop", run + "-db")).containsExactly(Map.entry(fra, 3));
    JsonNode scheduled = workloadStatus("shop", run + "-db").json().at("/status/conditions/0");
    assertThat(scheduled.path("status").asString()).isEqualTo("False");
    assertThat(scheduled.path("reason").asString()).isEqualTo("Unschedulable");
    assertThat(scheduled.path("message").asString())
        .contains("failed: not ready since ")
        .contains("longer than the 60s grace period")
        .contains("region not in [eu-central, eu-west]")
        .contains("keeps 3 replicas on failed cluster " + fra);
  }

  @Test
  void burstsToCloudBeyondEightyPercentScalesDownCloudFirstAndComesBackAfterTheHysteresis() {
    String onprem = cluster(run + "-onprem", "eu-central", "onprem", 8, 0.01);
    String cloud = cluster(run + "-cloud", "eu-central", "cloud", 32, 0.04);
    String burst =
        placement(
            "\"burst\": {\"tiers\": [\"onprem\", \"cloud\"], \"maxUtilization\": 0.8,"
                + " \"scaleBackAfterSeconds\": 300}");
    workload("shop", run + "-web", 20, burst);
    schedule();
    Map<String, Integer> burstOut = replicas("shop", run + "-web");

    api.mergePatch(
        "/api/v1/namespaces/shop/workloads/" + run + "-web", "{\"spec\": {\"replicas\": 14}}");
    schedule();
    Map<String, Integer> scaledDown = replicas("shop", run + "-web");

    report(onprem, "True", 16);
    schedule();
    Map<String, Integer> roomAgain = replicas("shop", run + "-web");
    String pending =
        workloadStatus("shop", run + "-web").json().at("/status/conditions/0/message").asString();
    advance(Duration.ofSeconds(301));
    schedule();

    // 8 cores at 500m: 16 replicas fit, 12 of them below 80%.
    assertThat(burstOut).containsExactly(Map.entry(cloud, 8), Map.entry(onprem, 12));
    assertThat(scaledDown).containsExactly(Map.entry(cloud, 2), Map.entry(onprem, 12));
    assertThat(roomAgain).isEqualTo(scaledDown);
    assertThat(pending).contains("scale-back pending");
    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(onprem, 14));
  }

  @Test
  void placesAgainWhenTheReferencedPolicyChanges() {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.01);
    String dub = cluster(run + "-dub", "eu-west", "onprem", 16, 0.01);
    String policy = run + "-policy";
    api.post(
        "/api/v1/placementpolicies",
        "{\"metadata\": {\"name\": \"%s\"}, \"spec\": %s}"
            .formatted(
                policy,
                placement(
                    "\"preferences\": [{\"weight\": 100, \"selector\": {\"matchLabels\": {\"topology.kubernetes.io/region\": \"eu-central\"}}}]")));
    workload("shop", run + "-web", 2, "{\"policyRef\": \"" + policy + "\"}");
    schedule();
    Map<String, Integer> first = replicas("shop", run + "-web");

    api.mergePatch(
        "/api/v1/placementpolicies/" + policy,
        "{\"spec\": {\"preferences\": [{\"weight\": 100, \"selector\": {\"matchLabels\": {\"topology.kubernetes.io/region\": \"eu-west\"}}}]}}");
    schedule();

    assertThat(first).containsExactly(Map.entry(fra, 2));
    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(dub, 2));
  }

  @Test
  void workloadsSharingASmallClusterNeverOvercommitIt() {
    String small = cluster(run + "-small", "eu-central", "onprem", 4, 0.01);
    for (int i = 0; i < 5; i++) {
      workload("shop", run + "-w" + i, 3, placement(""));
    }

    schedule();

    int committed = 0;
    for (int i = 0; i < 5; i++) {
      committed += replicas("shop", run + "-w" + i).getOrDefault(small, 0);
    }
    // 4 cores at 500m: 8 replicas fit.
    assertThat(committed).isEqualTo(8);
    assertThat(
            workloadStatus("shop", run + "-w4").json().at("/status/conditions/0/reason").asString())
        .isIn("PartiallyPlaced", "Unschedulable");
  }

  @Test
  void followsAStrictlyCoupledWorkloadIntoItsRegion() {
    cluster(run + "-fra", "eu-central", "onprem", 16, 0.01);
    String dub = cluster(run + "-dub", "eu-west", "onprem", 16, 0.02);
    workload(
        "shop",
        run + "-db",
        1,
        "{\"clusterSelector\": {\"matchLabels\": {\"test-run\": \"%s\", \"topology.kubernetes.io/region\": \"eu-west\"}}}"
            .formatted(run));
    workload(
        "shop",
        run + "-app",
        2,
        placement(
            "\"coupling\": [{\"workload\": \"%s-db\", \"type\": \"Strict\", \"topologyKey\": \"topology.kubernetes.io/region\"}]"
                .formatted(run)));

    schedule();

    assertThat(replicas("shop", run + "-db")).containsExactly(Map.entry(dub, 1));
    // The cheaper cluster in eu-central is not an option: the app must share the db's region.
    assertThat(replicas("shop", run + "-app")).containsExactly(Map.entry(dub, 2));
  }

  /**
   * A workload deleted after a pass read it and before the pass wrote its decision is left out: the
   * pass writes the others, and nothing of the deleted one comes back.
   */
  @Test
  void aPassLeavesOutAWorkloadDeletedWhileItWasDeciding() throws Exception {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 8, 0.01);
    workload("shop", run + "-kept", 2, euOnly(""));
    workload("shop", run + "-gone", 2, euOnly(""));
    UUID gone = UUID.fromString(workloadStatus("shop", run + "-gone").at("/metadata/uid"));

    try (ExecutorService pool = Executors.newSingleThreadExecutor();
        Connection deleter = dataSource.getConnection()) {
      deleter.setAutoCommit(false);
      execute(deleter, "select 1 from resources where uid = ? for update", gone);
      Future<Integer> pass = pool.submit(this::schedule);
      // The pass has read the workload and now waits for its row.
      await().atMost(Duration.ofSeconds(30)).until(() -> lockWaiters() > 0);
      execute(deleter, "delete from resources where uid = ?", gone);
      deleter.commit();
      pass.get(60, TimeUnit.SECONDS);
    }

    assertThat(replicas("shop", run + "-kept")).isEqualTo(Map.of(fra, 2));
    assertThat(workloadStatus("shop", run + "-gone").status()).isEqualTo(404);
    try (Connection connection = dataSource.getConnection()) {
      for (String table : new String[] {"placement_ledger", "placement_decisions"}) {
        try (PreparedStatement rows =
            connection.prepareStatement(
                "select count(*) from " + table + " where workload_uid = ?")) {
          rows.setObject(1, gone);
          try (ResultSet count = rows.executeQuery()) {
            count.next();
            assertThat(count.getInt(1)).as(table).isZero();
          }
        }
      }
    }
  }

  private String euOnly(String more) {
    return "{\"clusterSelector\": {\"matchLabels\": {\"test-run\": \""
        + run
        + "\"}, "
        + EU_ONLY
        + "}"
        + (more.isEmpty() ? "" : ", " + more)
        + "}";
  }
}
