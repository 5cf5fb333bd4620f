package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static io.ubernetes.sandbox.FleetHarness.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moves the federation makes of its own accord, in the default four simulated clusters with their
 * agents: cloudbursting out of on-prem and back, and draining a cluster. Each move is watched in
 * the member clusters themselves while it happens: new replicas start and become ready before old
 * ones go.
 */
class VoluntaryMovesE2E {
  private static final Set<String> EU_CLOUDS = Set.of("aws-eu-west", "gcp-eu-north");

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
  void burstsToCloudBeyondTheThresholdScalesDownCloudFirstAndComesBackWhenOnPremFreesUp() {
    // onprem-fra: 16 cores. The filler takes 6 of them; at 500m a replica, 13 more stay under 80%.
    create(
        workload(
            "filler",
            12,
            "{\"clusterSelector\": {\"matchLabels\": {\"ubernetes.io/tier\": \"onprem\"}}}"));
    awaitReady("filler", 12);
    String burst =
        """
        {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
           "operator": "In", "values": ["eu-central", "eu-west", "eu-north"]}]},
         "burst": {"tiers": ["onprem", "cloud"], "maxUtilization": 0.8, "scaleBackAfterSeconds": 5}}
        """;
    create(workload("burst", 18, burst, "{\"maxUnavailable\": 0}"));

    awaitReady("burst", 18);
    assertThat(fleet.replicas("onprem-fra", "shop", "burst")).isEqualTo(13);
    assertThat(inEuClouds("burst")).isEqualTo(5);
    assertThat(fleet.replicas("aws-us-east", "shop", "burst")).isZero();

    // Scaling down takes replicas out of the cloud first.
    fleet.api.mergePatch(
        "/api/v1/namespaces/shop/workloads/burst", "{\"spec\": {\"replicas\": 15}}");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(inEuClouds("burst")).isEqualTo(2);
              assertThat(fleet.replicas("onprem-fra", "shop", "burst")).isEqualTo(13);
            });

    // On-prem frees up: after the scale-back window, the cloud replicas come home, the new ones
    // ready before the old ones go.
    try (Sampler sampler =
        new Sampler("burst", List.of("aws-eu-west", "gcp-eu-north", "onprem-fra"))) {
      assertThat(fleet.api.delete("/api/v1/namespaces/shop/workloads/filler").status())
          .isEqualTo(200);
      await()
          .atMost(PATIENCE)
          .until(() -> scheduledMessage("burst").contains("scale-back pending"));
      assertThat(inEuClouds("burst")).as("within the scale-back window").isEqualTo(2);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                assertThat(fleet.replicas("onprem-fra", "shop", "burst")).isEqualTo(15);
                assertThat(inEuClouds("burst")).isZero();
                assertThat(fleet.status("shop", "burst").path("readyReplicas").asInt())
                    .isEqualTo(15);
              });
      sampler.stop();
      assertThat(sampler.minimumReady()).as("ready replicas during the scale-back").isEqualTo(15);
      assertThat(sampler.maximumRunning()).isGreaterThan(15).isLessThanOrEqualTo(15 + 4);
    }
    fleet.api.delete("/api/v1/namespaces/shop/workloads/burst");
  }

  @Test
  void drainingAClusterMovesItsReplicasPieceByPieceMakeBeforeBreakAndKeepsResidency() {
    String westOrNorth =
        """
        {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
           "operator": "In", "values": ["eu-west", "eu-north"]}]},
         "preferences": [{"weight": 100, "selector": {"matchLabels": {"ubernetes.io/provider": "gcp"}}}]}
        """;
    create(workload("drained", 8, westOrNorth, "{\"maxUnavailable\": 0, \"maxSurge\": 2}"));
    awaitReady("drained", 8);
    assertThat(fleet.replicas("gcp-eu-north", "shop", "drained")).isEqualTo(8);

    try (Sampler sampler =
        new Sampler(
            "drained", List.of("gcp-eu-north", "aws-eu-west", "onprem-fra", "aws-us-east"))) {
      fleet.api.mergePatch(
          "/api/v1/clusters/gcp-eu-north", "{\"spec\": {\"unschedulable\": true}}");
      try {
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(fleet.deployment("gcp-eu-north", "shop", "drained")).isNull();
                  assertThat(fleet.ready("aws-eu-west", "shop", "drained")).isEqualTo(8);
                  assertThat(FleetHarness.condition(fleet.status("shop", "drained"), "Moving"))
                      .isEqualTo("False");
                  assertThat(fleet.placement("shop", "drained"))
                      .isEqualTo(Map.of("aws-eu-west", 8));
                });
        sampler.stop();
      } finally {
        fleet.api.mergePatch(
            "/api/v1/clusters/gcp-eu-north", "{\"spec\": {\"unschedulable\": false}}");
      }
      assertThat(sampler.minimumReady()).as("ready replicas during the drain").isEqualTo(8);
      assertThat(sampler.maximumRunning()).isLessThanOrEqualTo(8 + 2);
      // Piece by piece: the drained cluster went through counts between all and none.
      assertThat(sampler.countsIn("gcp-eu-north")).contains(8, 0).hasSizeGreaterThan(2);
      assertThat(sampler.countsIn("onprem-fra")).containsOnly(0);
      assertThat(sampler.countsIn("aws-us-east")).containsOnly(0);
    }
    fleet.api.delete("/api/v1/namespaces/shop/workloads/drained");
  }

  @Test
  void aDrainThatNothingElseMayTakeKeepsTheReplicasAndSaysWhy() {
    create(
        workload(
            "stuck",
            2,
            "{\"clusterSelector\": {\"matchLabels\": {\"ubernetes.io/provider\": \"gcp\"}}}"));
    awaitReady("stuck", 2);

    fleet.api.mergePatch("/api/v1/clusters/gcp-eu-north", "{\"spec\": {\"unschedulable\": true}}");
    try {
      await()
          .atMost(PATIENCE)
          .until(() -> scheduledMessage("stuck").contains("keeps 2 replicas on unschedulable"));
      assertThat(fleet.replicas("gcp-eu-north", "shop", "stuck")).isEqualTo(2);
      assertThat(fleet.status("shop", "stuck").path("readyReplicas").asInt()).isEqualTo(2);
    } finally {
      fleet.api.mergePatch(
          "/api/v1/clusters/gcp-eu-north", "{\"spec\": {\"unschedulable\": false}}");
    }
    fleet.api.delete("/api/v1/namespaces/shop/workloads/stuck");
  }

  private static void create(String workload) {
    Http.Answer created = fleet.api.post("/api/v1/namespaces/shop/workloads", workload);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
  }

  private static void awaitReady(String name, int replicas) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(fleet.status("shop", name).path("readyReplicas").asInt())
                  .isEqualTo(replicas);
              assertThat(FleetHarness.condition(fleet.status("shop", name), "Ready"))
                  .isEqualTo("True");
            });
  }

  private static int inEuClouds(String name) {
    int replicas = 0;
    for (String cluster : EU_CLOUDS) {
      replicas += fleet.replicas(cluster, "shop", name);
    }
    return replicas;
  }

  private static String scheduledMessage(String name) {
    for (var condition : fleet.status("shop", name).path("conditions")) {
      if ("Scheduled".equals(condition.path("type").asString())) {
        return condition.path("message").asString();
      }
    }
    return "";
  }

  /**
   * Reads a workload's Deployments in the member clusters every few milliseconds. Clusters are read
   * in the order given, those the replicas leave first: a replica removed there was removed after
   * its replacement became ready, so a later read of the replacement's cluster sees it ready.
   */
  private static final class Sampler implements AutoCloseable {
    private record Sample(Map<String, Integer> running, int ready) {}

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    private final ScheduledFuture<?> sampling;
    private final Runnable sample;

    Sampler(String name, List<String> clusters) {
      sample =
          () -> {
            Map<String, Integer> replicas = new TreeMap<>();
            int ready = 0;
            for (String cluster : clusters) {
              replicas.put(cluster, fleet.replicas(cluster, "shop", name));
              ready += fleet.ready(cluster, "shop", name);
            }
            samples.add(new Sample(replicas, ready));
          };
      sampling = thread.scheduleWithFixedDelay(sample, 0, 20, TimeUnit.MILLISECONDS);
    }

    void stop() {
      // A sample that threw would have ended the sampling silently.
      assertThat(sampling.isDone()).as("sampling still running").isFalse();
      thread.shutdown();
      try {
        assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).as("sampler stopped").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // The state the caller just awaited is the last one: the periodic samples may predate it.
      sample.run();
      assertThat(samples).as("samples taken").hasSizeGreaterThan(10);
    }

    int minimumReady() {
      return samples.stream().mapToInt(Sample::ready).min().orElseThrow();
    }

    int maximumRunning() {
      return samples.stream()
          .mapToInt(s -> s.running().values().stream().mapToInt(Integer::intValue).sum())
          .max()
          .orElseThrow();
    }

    Set<Integer> countsIn(String cluster) {
      Set<Integer> counts = new TreeSet<>();
      samples.forEach(s -> counts.add(s.running().get(cluster)));
      return counts;
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }
}
