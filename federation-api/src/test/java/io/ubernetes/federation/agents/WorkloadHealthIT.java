package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the federation makes of its agents' reports about nodes and pods, through the agent protocol
 * over real HTTP, with the scheduler and the failure detector run by hand on a clock the tests
 * move: replicas go only where a node can hold them, the members' own reasons reach the workload's
 * status, replicas that wait for a node too long move, and a workload's readiness counts only what
 * reachable clusters vouch for.
 */
class WorkloadHealthIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";
  private static final String INSUFFICIENT_CPU = "0/4 nodes are available: 4 Insufficient cpu.";

  @Autowired private ClusterHealth health;

  @AfterEach
  void removeClusters() {
    deleteThisRunsClusters();
  }

  @Test
  void aReplicaThatNoNodeCanHoldIsNotPlacedAndTheStatusSaysWhy() {
    // Two clusters of four 16-core nodes each: 64 cores free in each, but never on one node.
    join("a");
    join("b");
    workload("big", 2, "64", placement(""));
    workload("small", 2, "100m", placement(""));

    schedule();

    JsonNode big = workloadStatus("shop", run + "-big").json();
    assertThat(condition(big, "Scheduled").path("status").asString()).isEqualTo("False");
    assertThat(condition(big, "Scheduled").path("reason").asString()).isEqualTo("Unschedulable");
    assertThat(condition(big, "Scheduled").path("message").asString())
        .startsWith("0/2 replicas placed; ")
        // This run's two clusters; the others in the shared context are not this run's.
        .contains(" 2 no node has 64 CPU free (largest free 16)");
    // Nothing is held for replicas that cannot run: the small workload has the room.
    assertThat(replicas("shop", run + "-small").values().stream().mapToInt(i -> i).sum())
        .isEqualTo(2);
  }

  @Test
  void theMembersOwnReasonForPendingPodsReachesTheWorkloadsStatus() {
    Agent a = join("a");
    workload("web", 4, "1", placement(""));
    schedule();
    String uid = uid("web");

    Response reported = a.report(uid, 4, 2, unschedulable(2, clock().instant()));

    assertThat(reported.status()).as(reported.body()).isEqualTo(204);
    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");
    JsonNode share = status.path("clusters").get(0);
    assertThat(share.path("health").asString()).isEqualTo("Degraded");
    assertThat(share.path("message").asString()).isEqualTo("2 pods Pending: " + INSUFFICIENT_CPU);
    assertThat(condition(status, "Ready").path("message").asString())
        .isEqualTo("2/4 replicas ready; " + a.name + ": 2 pods Pending: " + INSUFFICIENT_CPU);
    // The same, field by field, for tools such as kubectl ubernetes where.
    JsonNode issue = share.path("podIssues").get(0);
    assertThat(share.path("podIssues").size()).isEqualTo(1);
    assertThat(issue.path("reason").asString()).isEqualTo("Unschedulable");
    assertThat(issue.path("pods").asInt()).isEqualTo(2);
    assertThat(issue.path("message").asString()).isEqualTo(INSUFFICIENT_CPU);
    assertThat(issue.path("since").asString()).isEqualTo(clock().instant().toString());
  }

  @Test
  void replicasUnschedulableLongerThanTheGraceMoveElsewhereAndTheExplanationSaysWhy() {
    Agent cheap = join("cheap");
    Agent dear = join("dear");
    workload("web", 4, "1", placement(prefer(cheap.name)));
    schedule();
    String uid = uid("web");
    Instant since = clock().instant().truncatedTo(ChronoUnit.SECONDS);
    String pending = unschedulable(2, since);
    cheap.report(uid, 4, 2, pending);

    later(Duration.ofMinutes(4), cheap, dear);
    schedule();
    Map<String, Integer> withinGrace = replicas("shop", run + "-web");
    later(Duration.ofMinutes(2), cheap, dear);
    cheap.report(uid, 4, 2, pending);
    schedule();

    assertThat(withinGrace).isEqualTo(Map.of(cheap.name, 4));
    Response placement = api.get("/api/v1/namespaces/shop/workloads/" + run + "-web/placement");
    assertThat(placement.json().path("replicas").path(cheap.name).asInt()).isEqualTo(2);
    assertThat(placement.json().path("replicas").path(dear.name).asInt()).isEqualTo(2);
    assertThat(placement.json().path("problems").toString())
        .contains(
            "2 replicas unschedulable on "
                + cheap.name
                + " since "
                + since
                + " ("
                + INSUFFICIENT_CPU
                + "): placed elsewhere");
  }

  @Test
  void replicasMovedForWantOfANodeDoNotComeStraightBack() {
    Agent cheap = join("cheap");
    Agent dear = join("dear");
    workload("web", 4, "1", placement(prefer(cheap.name)));
    schedule();
    String uid = uid("web");
    String pending = unschedulable(2, clock().instant());
    cheap.report(uid, 4, 2, pending);
    later(Duration.ofMinutes(6), cheap, dear);
    schedule();
    Map<String, Integer> moved = replicas("shop", run + "-web");

    // The cheap cluster runs the two it could schedule and looks as roomy as ever.
    cheap.report(uid, 2, 2, "[]");
    later(Duration.ofMinutes(1), cheap, dear);
    api.mergePatch(
        "/api/v1/namespaces/shop/workloads/" + run + "-web", "{\"spec\": {\"replicas\": 6}}");
    schedule();
    Map<String, Integer> scaledUp = replicas("shop", run + "-web");

    assertThat(moved).isEqualTo(Map.of(cheap.name, 2, dear.name, 2));
    assertThat(scaledUp).isEqualTo(Map.of(cheap.name, 2, dear.name, 4));
    Response history =
        api.get(
            "/api/v1/namespaces/shop/events?fieldSelector=involvedObject.name%3D"
                + run
                + "-web,reason%3DRescheduled");
    assertThat(history.json().path("items").valueStream().map(e -> e.path("message").asString()))
        .as(history.body())
        .anySatisfy(
            message ->
                assertThat(message)
                    .startsWith("Replicas waited too long for a node on " + cheap.name + " (")
                    .endsWith(cheap.name + "=4 -> " + cheap.name + "=2, " + dear.name + "=2"))
        .anySatisfy(message -> assertThat(message).startsWith("Scaled from 4 to 6 replicas: "));
  }

  @Test
  void aClusterThatFallsSilentMakesItsShareUnknownAtOnceAndReadinessCountsOnlyTheOthers() {
    Agent a = join("a");
    Agent b = join("b");
    workload(
        "web",
        4,
        "100m",
        placement("\"spread\": [{\"topologyKey\": \"test-half\", \"minGroups\": 2}]"));
    schedule();
    String uid = uid("web");
    Map<String, Integer> placed = replicas("shop", run + "-web");
    a.report(uid, placed.get(a.name), placed.get(a.name), "[]");
    b.report(uid, placed.get(b.name), placed.get(b.name), "[]");
    JsonNode allReady = workloadStatus("shop", run + "-web").json().path("status");

    later(Duration.ofSeconds(41), b);
    health.check();
    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");

    assertThat(condition(allReady, "Ready").path("status").asString()).isEqualTo("True");
    assertThat(condition(status, "Ready").path("status").asString()).isEqualTo("False");
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(placed.get(b.name));
    JsonNode silent = share(status, a.name);
    assertThat(silent.path("health").asString()).isEqualTo("Unknown");
    assertThat(
            silent.path("readyReplicas").isMissingNode() || silent.path("readyReplicas").isNull())
        .isTrue();
    assertThat(silent.path("message").asString()).startsWith("cluster unreachable since ");
    assertThat(condition(status, "Ready").path("message").asString())
        .startsWith(placed.get(b.name) + "/4 replicas ready; " + a.name + ": cluster unreachable");
  }

  @Test
  void desiredPlacedUpdatedReadyAndAvailableReplicasAreCountedApart() {
    Agent a = join("a");
    workload("web", 3, "100m", placement(""));
    schedule();
    String uid = uid("web");

    a.report(uid, 3, 3, 2, 1, "[]");

    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");
    assertThat(status.path("desiredReplicas").asInt()).isEqualTo(3);
    assertThat(status.path("replicas").asInt()).isEqualTo(3);
    assertThat(status.path("updatedReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(3);
    assertThat(status.path("availableReplicas").asInt()).isEqualTo(1);
  }

  @Test
  void aMakeBeforeBreakMoveNeverReportsMoreReadyThanDesired() {
    Agent from = join("from");
    Agent to = join("to");
    workload("web", 2, "100m", placement(prefer(from.name)));
    schedule();
    String uid = uid("web");
    from.report(uid, 2, 2, "[]");
    api.mergePatch("/api/v1/clusters/" + from.name, "{\"spec\": {\"unschedulable\": true}}");
    schedule();
    to.report(uid, 1, 1, "[]");

    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");

    assertThat(status.path("desiredReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(3);
    assertThat(condition(status, "Ready").path("message").asString())
        .isEqualTo("2/2 replicas ready (1 more on clusters a move is emptying)");
  }

  @Test
  void anUnmetSpreadIsAConditionOfItsOwnNotAPartialPlacement() {
    join("a");
    workload(
        "web",
        6,
        "100m",
        placement(
            "\"spread\": [{\"topologyKey\": \"topology.kubernetes.io/zone\", \"minGroups\": 2}]"));

    schedule();

    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");
    assertThat(condition(status, "Scheduled").path("status").asString()).isEqualTo("True");
    assertThat(condition(status, "Scheduled").path("reason").asString()).isEqualTo("Placed");
    assertThat(condition(status, "Spread").path("status").asString()).isEqualTo("False");
    assertThat(condition(status, "Spread").path("reason").asString()).isEqualTo("TooFewGroups");
    assertThat(condition(status, "Spread").path("message").asString())
        .startsWith("spread over zone: 1 of 2 groups");
  }

  @Test
  void aClusterHeldBackAfterItRecoveredIsExplainedWithTheHoldDownAndItsEnd() {
    Agent a = join("a");
    join("b"); // takes the replicas
    a.beat(false, SIXTEEN_CORE_NODES);
    Instant recovered = clock().instant().truncatedTo(ChronoUnit.SECONDS);
    a.beat(SIXTEEN_CORE_NODES);

    workload("web", 2, "100m", placement(""));
    schedule();

    Response placement = api.get("/api/v1/namespaces/shop/workloads/" + run + "-web/placement");
    assertThat(placement.json().path("filtered").toString())
        .contains(
            "recovered at "
                + recovered
                + ": takes no new replicas until "
                + recovered.plus(Duration.ofMinutes(2))
                + " (recovery hold-down)");
  }

  @Test
  void aClusterWhoseAgentNeverConnectedIsExplainedSoNotAsFailed() {
    // Registered by hand; no agent ever joins as it.
    Response fresh =
        api.post(
            "/api/v1/clusters",
            """
            {"metadata": {"name": "%s-lonely", "labels": {"test-run": "%s"}},
             "spec": {"region": "eu-central"}}
            """
                .formatted(run, run));
    assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
    join("a");
    workload("web", 1, "100m", placement(""));

    schedule();

    Response placement = api.get("/api/v1/namespaces/shop/workloads/" + run + "-web/placement");
    assertThat(placement.json().path("filtered").properties())
        .anySatisfy(
            reason -> {
              assertThat(reason.getKey()).isEqualTo("its agent never connected");
              assertThat(reason.getValue().toString()).contains(run + "-lonely");
            });
  }

  @Test
  void theExplanationGivesPricesPerHourAndUtilizationInPercentWithALegend() {
    join("a");
    workload("web", 2, "1", placement(""));

    schedule();

    JsonNode placement =
        api.get("/api/v1/namespaces/shop/workloads/" + run + "-web/placement").json();
    JsonNode verdict = placement.path("clusters").get(0);
    // Two replicas of one core at 0.01 per core-hour on a cluster of 64 cores, 4 used already.
    assertThat(verdict.path("pricePerHour").asDouble()).isEqualTo(0.02);
    assertThat(verdict.path("utilizationPercent").asDouble()).isEqualTo(100.0 * 6 / 64);
    assertThat(placement.path("legend").path("pricePerHour").asString()).isNotBlank();
    assertThat(placement.path("legend").path("cost.price").asString()).contains("relative");
  }

  // --- helpers

  /** Four ready nodes with 16 cores, 64Gi and 100 pod slots free each. */
  private static final String SIXTEEN_CORE_NODES =
      "[{\"count\": 4, \"free\": {\"cpu\": \"16\", \"memory\": \"64Gi\", \"pods\": \"100\"}}]";

  /** A joined cluster of this run, as its agent speaks for it. */
  private final class Agent {
    final String name;
    final String credential;

    Agent(String name, String credential) {
      this.name = name;
      this.credential = credential;
    }

    void beat(String nodes) {
      beat(true, nodes);
    }

    void beat(boolean reachable, String nodes) {
      String body =
          """
          {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "400"},
           "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
           "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": %s,
           "nodes": %s}
          """
              .formatted(reachable, nodes);
      Response answer = send("PUT", "/api/v1/agent/clusters/" + name + "/heartbeat", body);
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    Response report(String uid, int replicas, int ready, String podIssues) {
      return report(uid, replicas, ready, replicas, ready, podIssues);
    }

    Response report(
        String uid, int replicas, int ready, int updated, int available, String podIssues) {
      String body =
          """
          {"workloads": [{"workloadUid": "%s", "generation": 1, "applied": true,
                          "replicas": %d, "readyReplicas": %d, "errors": [], "services": [],
                          "updatedReplicas": %d, "availableReplicas": %d, "podIssues": %s}]}
          """
              .formatted(uid, replicas, ready, updated, available, podIssues);
      return send("PUT", "/api/v1/agent/clusters/" + name + "/status", body);
    }

    private Response send(String method, String path, String body) {
      return new ApiClient(port()).sendAuthorized(method, path, credential, body);
    }
  }

  /** Moves the clock on; the agents given send a heartbeat then, the others stay silent. */
  private void later(Duration duration, Agent... beating) {
    advance(duration);
    for (Agent agent : beating) {
      agent.beat(SIXTEEN_CORE_NODES);
    }
  }

  /** Pod issues of {@code pods} pods that no node takes, since then. */
  private static String unschedulable(int pods, Instant since) {
    return """
        [{"reason": "Unschedulable", "message": "%s", "pods": %d, "since": "%s"}]
        """
        .formatted(INSUFFICIENT_CPU, pods, since);
  }

  /** A cluster of this run, joined, that has sent a heartbeat with {@link #SIXTEEN_CORE_NODES}. */
  private Agent join(String suffix) {
    String name = run + "-" + suffix;
    String credential = api.joinCluster(name, JOIN_TOKEN);
    // Into this test's run, so that only its workloads select it; test-half splits a run in two.
    api.mergePatch(
        "/api/v1/clusters/" + name,
        """
        {"metadata": {"labels": {"test-run": "%s", "test-half": "%s", "test-name": "%s"}},
         "spec": {"cost": {"cpuCoreHour": 0.01, "memoryGiBHour": 0}}}
        """
            .formatted(run, suffix, name));
    Agent agent = new Agent(name, credential);
    agent.beat(SIXTEEN_CORE_NODES);
    return agent;
  }

  private static String prefer(String cluster) {
    return "\"preferences\": [{\"weight\": 100, \"selector\": {\"matchLabels\": {\"test-name\": \""
        + cluster
        + "\"}}}]";
  }

  /** A Deployment of this run with {@code cpu} per replica and no memory request. */
  private void workload(String name, int replicas, String cpu, String placement) {
    String body =
        """
        {"metadata": {"name": "%s-%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx",
                                                              "resources": {"requests": {"cpu": "%s"}}}]}}}},
                  "placement": %s}}
        """
            .formatted(run, name, replicas, name, name, cpu, placement);
    Response created = api.post("/api/v1/namespaces/shop/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private String uid(String name) {
    return workloadStatus("shop", run + "-" + name).at("/metadata/uid");
  }

  private static JsonNode share(JsonNode status, String cluster) {
    return status
        .path("clusters")
        .valueStream()
        .filter(c -> c.path("name").asString().equals(cluster))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no share of " + cluster + " in " + status));
  }

  private static JsonNode condition(JsonNode object, String type) {
    JsonNode conditions =
        object.has("conditions") ? object.path("conditions") : object.at("/status/conditions");
    return conditions
        .valueStream()
        .filter(c -> c.path("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + object));
  }
}
