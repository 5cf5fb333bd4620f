package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The federation's side of the agent protocol, through real HTTP, with the scheduler run by hand.
 */
class AgentApiIT extends SchedulingIntegrationTest {
  private static final String TOKEN = "test-join-token";

  @Autowired private ClusterHealth health;
  @Autowired private WorkStore workStore;

  /**
   * The failure detector judges every joined cluster: each test removes its own, so that the next
   * one starts with a fleet of its own.
   */
  @AfterEach
  void removeThisRunsClusters() {
    JsonNode mine = api.get("/api/v1/clusters?labelSelector=test-run%3D" + run).json();
    mine.path("items")
        .forEach(c -> api.delete("/api/v1/clusters/" + c.at("/metadata/name").asString()));
    api.delete("/api/v1/clusters/" + run + "-joiner");
  }

  @Test
  void joinsWithTheJoinTokenAndGetsACredentialOnlyOnce() {
    String name = run + "-joiner";

    Response joined = join(name, "request-1", TOKEN);
    Response again = join(name, "request-2", TOKEN);
    Response badToken = join(run + "-other", "request-3", "not-the-token");

    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    assertThat(joined.at("/state")).isEqualTo("JOINED");
    assertThat(joined.at("/credential")).startsWith("ubc_");
    JsonNode cluster = api.get("/api/v1/clusters/" + name).json();
    assertThat(cluster.at("/spec/region").asString()).isEqualTo("eu-central");
    assertThat(condition(cluster, "Joined").path("status").asString()).isEqualTo("True");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.at("/detail")).contains("rotate");
    assertThat(badToken.status()).isEqualTo(401);
    assertThat(api.get("/api/v1/clusters/" + run + "-other").status()).isEqualTo(404);
  }

  /**
   * The answer to a join can be lost (a timeout, a dropped connection) after the federation
   * committed it. The agent asks again with the request id it keeps for its lifetime: it must get a
   * credential, not be locked out until an operator rotates one it never received.
   */
  @Test
  void anAgentWhoseJoinAnswerWasLostJoinsWhenItAsksAgain() {
    String name = run + "-lost";

    Response lost = join(name, "request-kept", TOKEN);
    Response retried = join(name, "request-kept", TOKEN);
    Response another = join(name, "request-other", TOKEN);

    assertThat(lost.status()).as(lost.body()).isEqualTo(200);
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.at("/state")).isEqualTo("JOINED");
    String credential = retried.at("/credential");
    assertThat(credential).startsWith("ubc_").isNotEqualTo(lost.at("/credential"));
    // Only the newest credential works: the one in the lost answer reached no one.
    assertThat(heartbeat(name, credential, true).status()).isEqualTo(204);
    assertThat(heartbeat(name, lost.at("/credential"), true).status()).isEqualTo(401);
    assertThat(another.status()).as("another agent, as ever").isEqualTo(409);
    api.delete("/api/v1/clusters/" + name);
  }

  @Test
  void aCredentialReachesItsOwnClusterOnly() {
    String mine = credential(run + "-a");
    credential(run + "-b");

    Response own = heartbeat(run + "-a", mine, true);
    Response other = heartbeat(run + "-b", mine, true);
    Response none =
        agent("PUT", "/api/v1/agent/clusters/" + run + "-a/heartbeat", null, beat(true));
    Response forged = heartbeat(run + "-a", "ubc_forged", true);
    Response otherWork =
        agent("GET", "/api/v1/agent/clusters/" + run + "-b/work?since=0", mine, null);

    assertThat(own.status()).isEqualTo(204);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(none.status()).isEqualTo(401);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(otherWork.status()).isEqualTo(403);
  }

  @Test
  void heartbeatsSetReadinessAndCapacity() {
    String name = run + "-beat";
    String credential = credential(name);

    heartbeat(name, credential, true);
    JsonNode ready = api.get("/api/v1/clusters/" + name).json();
    heartbeat(name, credential, false);
    JsonNode unreachable = api.get("/api/v1/clusters/" + name).json();
    Response invalid =
        agent(
            "PUT",
            "/api/v1/agent/clusters/" + name + "/heartbeat",
            credential,
            beat(true).replace("\"64\"", "\"lots\""));

    assertThat(condition(ready, "Ready").path("status").asString()).isEqualTo("True");
    assertThat(ready.at("/status/allocatable/cpu").asString()).isEqualTo("64");
    assertThat(ready.at("/status/allocated/memory").asString()).isEqualTo("16Gi");
    assertThat(ready.at("/status/lastHeartbeatTime").asString()).isNotBlank();
    assertThat(condition(unreachable, "Ready").path("reason").asString())
        .isEqualTo("APIServerUnreachable");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.errorFields()).containsExactly("allocatable.cpu");
  }

  @Test
  void aHeartbeatWithTheAgentsTimeShowsItsClockSkewAndOneWithoutLeavesNone() {
    String name = run + "-skew";
    String credential = credential(name);
    String ahead = clock().instant().plusSeconds(90).toString();
    String behind = clock().instant().minusSeconds(4).toString();

    heartbeat(name, credential, beatSentAt(ahead));
    JsonNode fast = api.get("/api/v1/clusters/" + name).json();
    heartbeat(name, credential, beatSentAt(behind));
    JsonNode slow = api.get("/api/v1/clusters/" + name).json();
    heartbeat(name, credential, true);
    JsonNode older = api.get("/api/v1/clusters/" + name).json();
    Response invalid = heartbeat(name, credential, beatSentAt("yesterday"));

    assertThat(fast.at("/status/clockSkewSeconds").asLong()).isEqualTo(90);
    assertThat(slow.at("/status/clockSkewSeconds").asLong()).isEqualTo(-4);
    assertThat(older.at("/status").has("clockSkewSeconds"))
        .as("an agent that sends no time shows no skew")
        .isFalse();
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.errorFields()).containsExactly("sentAt");
  }

  private Response heartbeat(String cluster, String credential, String body) {
    return agent("PUT", "/api/v1/agent/clusters/" + cluster + "/heartbeat", credential, body);
  }

  private static String beatSentAt(String sentAt) {
    return beat(true)
        .replace("\"workRevision\"", "\"sentAt\": \"" + sentAt + "\", \"workRevision\"");
  }

  @Test
  void deliversCompleteManifestsThenChangesThenATombstone() throws Exception {
    String cluster = run + "-work";
    String credential = credential(cluster);
    heartbeat(cluster, credential, true);
    workloadOn("shop", run + "-web", 3, cluster);
    schedule();

    JsonNode first = work(cluster, credential, 0).json();
    JsonNode item = first.at("/items/0");
    JsonNode deployment = item.path("manifests").get(1);
    long revision = first.path("revision").asLong();
    CompletableFuture<Response> waiting =
        CompletableFuture.supplyAsync(() -> work(cluster, credential, revision));
    api.mergePatch(
        "/api/v1/namespaces/shop/workloads/" + run + "-web", "{\"spec\": {\"replicas\": 2}}");
    schedule();
    JsonNode changed = waiting.get().json();
    api.delete("/api/v1/namespaces/shop/workloads/" + run + "-web");
    JsonNode removed = work(cluster, credential, changed.path("revision").asLong()).json();

    assertThat(item.path("namespace").asString()).isEqualTo("shop");
    assertThat(item.path("generation").asLong()).isEqualTo(1);
    assertThat(item.path("manifests").get(0).path("kind").asString()).isEqualTo("ConfigMap");
    assertThat(deployment.at("/metadata/name").asString()).isEqualTo(run + "-web");
    assertThat(deployment.at("/metadata/namespace").asString()).isEqualTo("shop");
    assertThat(deployment.at("/metadata/labels/ubernetes.io~1managed-by").asString())
        .isEqualTo("ubernetes");
    assertThat(deployment.at("/metadata/labels/ubernetes.io~1workload").asString())
        .isEqualTo("shop." + run + "-web");
    assertThat(deployment.at("/spec/template/metadata/labels/ubernetes.io~1workload").asString())
        .as("pods are labelled too, so that agents can tell the federation's from the rest")
        .isEqualTo("shop." + run + "-web");
    assertThat(deployment.at("/spec/selector/matchLabels").propertyNames()).containsExactly("app");
    assertThat(deployment.at("/metadata/annotations/ubernetes.io~1generation").asString())
        .isEqualTo("1");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(changed.path("revision").asLong()).isGreaterThan(revision);
    assertThat(changed.at("/items/0/manifests/1/spec/replicas").asInt()).isEqualTo(2);
    assertThat(changed.at("/items/0/generation").asLong()).isEqualTo(2);
    assertThat(removed.at("/tombstones/0/name").asString()).isEqualTo(run + "-web");
    assertThat(
            removed
                .at("/tombstones/0/objects")
                .valueStream()
                .map(o -> o.path("kind").asString())
                .toList())
        .containsExactly("ConfigMap", "Deployment");
  }

  /**
   * A status report about a workload that is being deleted waits for the deletion and is dropped:
   * the report locks the workload before writing anything that refers to it, as the deletion does.
   */
  @Test
  void aReportAboutAWorkloadBeingDeletedWaitsAndIsDropped() throws Exception {
    String cluster = run + "-racing";
    String credential = credential(cluster);
    heartbeat(cluster, credential, true);
    workloadOn("shop", run + "-racing", 2, cluster);
    schedule();
    String uid =
        api.get("/api/v1/namespaces/shop/workloads/" + run + "-racing").at("/metadata/uid");
    UUID workload = UUID.fromString(uid);

    Response answer;
    try (ExecutorService pool = Executors.newSingleThreadExecutor();
        Connection deleter = dataSource.getConnection()) {
      deleter.setAutoCommit(false);
      // A deletion in progress holds the workload's row, as the API's delete does.
      execute(deleter, "select 1 from resources where uid = ? for no key update", workload);
      Future<Response> report = pool.submit(() -> report(cluster, credential, uid, 1, 2));
      await().atMost(Duration.ofSeconds(30)).until(() -> lockWaiters() > 0);
      execute(deleter, "delete from resources where uid = ?", workload);
      deleter.commit();
      answer = report.get(60, TimeUnit.SECONDS);
    }

    assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement rows =
            connection.prepareStatement(
                "select count(*) from agent_reports where workload_uid = ?")) {
      rows.setObject(1, workload);
      try (ResultSet count = rows.executeQuery()) {
        count.next();
        assertThat(count.getInt(1)).isZero();
      }
    }
  }

  @Test
  void keepsRemovalInstructionsUntilTheAgentHasStoredThem() {
    String cluster = run + "-purge";
    String credential = credential(cluster);
    heartbeat(cluster, credential, true);
    workloadOn("shop", run + "-gone", 1, cluster);
    schedule();
    api.delete("/api/v1/namespaces/shop/workloads/" + run + "-gone");
    long tombstone = work(cluster, credential, 0).json().at("/tombstones/0/revision").asLong();
    Instant later = Instant.now().plus(Duration.ofDays(30));

    workStore.purgeTombstones(later);
    JsonNode kept = work(cluster, credential, 0).json();
    agent(
        "PUT",
        "/api/v1/agent/clusters/" + cluster + "/heartbeat",
        credential,
        beat(true, tombstone));
    JsonNode status = api.get("/api/v1/clusters/" + cluster).json().path("status");
    int purgedAfter = workStore.purgeTombstones(later);
    JsonNode after = work(cluster, credential, 0).json();

    assertThat(tombstone).isPositive();
    assertThat(kept.at("/tombstones/0/name").asString()).isEqualTo(run + "-gone");
    assertThat(status.path("workRevision").asLong()).isEqualTo(tombstone);
    assertThat(purgedAfter).isGreaterThanOrEqualTo(1);
    assertThat(after.path("tombstones").isEmpty()).isTrue();
  }

  @Test
  void aWorkRequestWithNothingNewWaitsThenAnswersEmpty() {
    String cluster = run + "-idle";
    String credential = credential(cluster);
    long latest = work(cluster, credential, 0).json().path("revision").asLong();

    Response idle = work(cluster, credential, latest + 1_000_000);

    assertThat(idle.status()).isEqualTo(200);
    assertThat(idle.json().path("items").isEmpty()).isTrue();
    assertThat(idle.json().path("tombstones").isEmpty()).isTrue();
  }

  @Test
  void appliesOverridesPerCluster() {
    String eu = run + "-eu";
    String us = run + "-us";
    String euCredential = credential(eu, "eu-central");
    String usCredential = credential(us, "us-east");
    heartbeat(eu, euCredential, true);
    heartbeat(us, usCredential, true);
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": 2, "template": %s,
                  "placement": {"clusterSelector": {"matchExpressions": [{"key": "test-run", "operator": "In", "values": ["%s"]}]},
                                "mode": "Duplicated"},
                  "overrides": [{"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "us-east"}},
                                 "patch": [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:us"}]}]}}
        """
            .formatted(run + "-ovr", template(), run);
    assertThat(api.post("/api/v1/namespaces/shop/workloads", body).status()).isEqualTo(201);
    schedule();

    JsonNode inEu = work(eu, euCredential, 0).json().at("/items/0/manifests/0");
    JsonNode inUs = work(us, usCredential, 0).json().at("/items/0/manifests/0");

    assertThat(inEu.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx");
    assertThat(inUs.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:us");
  }

  @Test
  void foldsAgentReportsIntoTheWorkloadStatus() {
    String cluster = run + "-report";
    String credential = credential(cluster);
    heartbeat(cluster, credential, true);
    workloadOn("shop", run + "-api", 4, cluster);
    schedule();
    String uid = api.get("/api/v1/namespaces/shop/workloads/" + run + "-api").at("/metadata/uid");

    Response partly = report(cluster, credential, uid, 1, 2);
    JsonNode halfway = api.get("/api/v1/namespaces/shop/workloads/" + run + "-api").json();
    report(cluster, credential, uid, 1, 4);
    JsonNode ready = api.get("/api/v1/namespaces/shop/workloads/" + run + "-api").json();
    Response stranger = report(cluster, credential, UUID.randomUUID().toString(), 1, 4);

    assertThat(partly.status()).isEqualTo(204);
    assertThat(halfway.at("/status/readyReplicas").asInt()).isEqualTo(2);
    assertThat(condition(halfway, "Ready").path("message").asString())
        .isEqualTo("2/4 replicas ready");
    assertThat(condition(halfway, "Applied").path("status").asString()).isEqualTo("True");
    assertThat(ready.at("/status/readyReplicas").asInt()).isEqualTo(4);
    assertThat(ready.at("/status/clusters/0/readyReplicas").asInt()).isEqualTo(4);
    assertThat(condition(ready, "Ready").path("status").asString()).isEqualTo("True");
    assertThat(condition(ready, "Scheduled").path("status").asString()).isEqualTo("True");
    assertThat(stranger.status()).as("reports about unknown work are ignored").isEqualTo(204);
  }

  @Test
  void aSilentClusterBecomesUnknownAndItsReplicasFailOver() {
    String silent = run + "-silent";
    String steady = run + "-steady";
    String third = run + "-third";
    String silentCredential = credential(silent);
    String steadyCredential = credential(steady);
    String thirdCredential = credential(third);
    heartbeat(silent, silentCredential, true);
    heartbeat(steady, steadyCredential, true);
    heartbeat(third, thirdCredential, true);
    workloadOn("shop", run + "-web", 2, silent);
    schedule();

    advance(Duration.ofSeconds(41));
    heartbeat(steady, steadyCredential, true);
    heartbeat(third, thirdCredential, true);
    health.check();
    JsonNode unknown = api.get("/api/v1/clusters/" + silent).json();
    advance(Duration.ofSeconds(61));
    heartbeat(steady, steadyCredential, true);
    heartbeat(third, thirdCredential, true);
    health.check();
    schedule();

    assertThat(condition(unknown, "Ready").path("status").asString()).isEqualTo("Unknown");
    assertThat(condition(unknown, "Ready").path("reason").asString()).isEqualTo("HeartbeatTimeout");
    assertThat(replicas("shop", run + "-web")).doesNotContainKey(silent);
  }

  @Test
  void whenMostClustersFallSilentAtOnceFailoverPauses() {
    List<String> names = List.of(run + "-p1", run + "-p2", run + "-p3");
    List<String> credentials = names.stream().map(this::credential).toList();
    for (int i = 0; i < names.size(); i++) {
      heartbeat(names.get(i), credentials.get(i), true);
    }
    workloadOn("shop", run + "-web", 2, names.get(0));
    schedule();

    advance(Duration.ofSeconds(41));
    heartbeat(names.get(2), credentials.get(2), true);
    health.check();
    advance(Duration.ofSeconds(61));
    heartbeat(names.get(2), credentials.get(2), true);
    health.check();
    schedule();
    Response metrics = api.get("/actuator/prometheus", "text/plain");
    for (int i = 0; i < names.size(); i++) {
      heartbeat(names.get(i), credentials.get(i), true);
    }
    health.check();
    Response after = api.get("/actuator/prometheus", "text/plain");

    assertThat(replicas("shop", run + "-web")).containsOnlyKeys(names.get(0));
    assertThat(metrics.body()).contains("ubernetes_federation_partition_suspected 1.0");
    assertThat(after.body()).contains("ubernetes_federation_partition_suspected 0.0");
  }

  @Test
  void deletingOrRotatingAClusterRevokesItsCredentialAtOnce() {
    String rotated = run + "-rotated";
    String deleted = run + "-deleted";
    String oldCredential = credential(rotated);
    String deletedCredential = credential(deleted);

    api.send(
        "POST",
        "/api/v1/clusters/" + rotated + ":rotate-credential",
        null,
        null,
        "application/json");
    api.delete("/api/v1/clusters/" + deleted);
    Response rejoined = join(rotated, "request-after-rotation", TOKEN);

    assertThat(heartbeat(rotated, oldCredential, true).status()).isEqualTo(401);
    assertThat(heartbeat(deleted, deletedCredential, true).status()).isEqualTo(401);
    assertThat(rejoined.status()).isEqualTo(200);
    assertThat(heartbeat(rotated, rejoined.at("/credential"), true).status()).isEqualTo(204);
  }

  @Test
  void anAgentRotatesItsOwnCredentialAndTheOldOneStopsAtOnce() {
    String cluster = run + "-self-rotated";
    String neighbour = run + "-neighbour";
    String old = credential(cluster);
    String neighbours = credential(neighbour);

    Response rotated =
        agent("POST", "/api/v1/agent/clusters/" + cluster + "/credential", old, null);
    Response foreign =
        agent("POST", "/api/v1/agent/clusters/" + cluster + "/credential", neighbours, null);

    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String fresh = rotated.at("/credential");
    assertThat(fresh).startsWith("ubc_").isNotEqualTo(old);
    assertThat(heartbeat(cluster, old, true).status()).isEqualTo(401);
    assertThat(heartbeat(cluster, fresh, true).status()).isEqualTo(204);
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(
            agent("POST", "/api/v1/agent/clusters/" + cluster + "/credential", null, null).status())
        .isEqualTo(401);
  }

  // --- helpers

  private String credential(String cluster) {
    return credential(cluster, "eu-central");
  }

  private String credential(String cluster, String region) {
    Response joined = join(cluster, "request-" + cluster, TOKEN, region);
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    // The cluster joins this test's run, so that only this test's workloads select it.
    api.mergePatch(
        "/api/v1/clusters/" + cluster,
        "{\"metadata\": {\"labels\": {\"test-run\": \"" + run + "\"}}}");
    return joined.at("/credential");
  }

  private Response join(String cluster, String requestId, String token) {
    return join(cluster, requestId, token, "eu-central");
  }

  private Response join(String cluster, String requestId, String token, String region) {
    String body =
        """
        {"cluster": "%s", "joinToken": "%s", "requestId": "%s",
         "facts": {"region": "%s", "zone": "%s-a", "provider": "test", "tier": "onprem",
                   "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
        """
            .formatted(cluster, token, requestId, region, region);
    return api.post("/api/v1/agent/join", body);
  }

  private Response heartbeat(String cluster, String credential, boolean reachable) {
    return agent(
        "PUT", "/api/v1/agent/clusters/" + cluster + "/heartbeat", credential, beat(reachable));
  }

  private static String beat(boolean reachable) {
    return beat(reachable, null);
  }

  private static String beat(boolean reachable, Long workRevision) {
    return """
        {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"},
         "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
         "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": %s,
         "workRevision": %s}
        """
        .formatted(reachable, workRevision);
  }

  private Response work(String cluster, String credential, long since) {
    return agent(
        "GET", "/api/v1/agent/clusters/" + cluster + "/work?since=" + since, credential, null);
  }

  private Response report(
      String cluster, String credential, String uid, long generation, int ready) {
    String body =
        """
        {"workloads": [{"workloadUid": "%s", "generation": %d, "applied": true,
                        "replicas": 4, "readyReplicas": %d, "errors": [], "services": []}]}
        """
            .formatted(uid, generation, ready);
    return agent("PUT", "/api/v1/agent/clusters/" + cluster + "/status", credential, body);
  }

  private Response agent(String method, String path, String credential, String body) {
    return new ApiClient(port()).sendAuthorized(method, path, credential, body);
  }

  /** A workload of this run's clusters that prefers {@code cluster} and runs in one cluster. */
  private void workloadOn(String namespace, String name, int replicas, String cluster) {
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d, "template": %s,
                  "resources": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "%s-settings"},
                                 "data": {"mode": "fast"}}],
                  "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}}, "maxClusters": 1,
                                "preferences": [{"weight": 100, "selector": {"matchLabels": {"ubernetes.io/cluster-name-for-test": "%s"}}}]}}}
        """
            .formatted(name, replicas, template(), name, run, cluster);
    api.mergePatch(
        "/api/v1/clusters/" + cluster,
        "{\"metadata\": {\"labels\": {\"ubernetes.io/cluster-name-for-test\": \""
            + cluster
            + "\"}}}");
    assertThat(api.post("/api/v1/namespaces/" + namespace + "/workloads", body).status())
        .isEqualTo(201);
  }

  private static String template() {
    return """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "spec": {"selector": {"matchLabels": {"app": "x"}},
                  "template": {"metadata": {"labels": {"app": "x"}},
                               "spec": {"containers": [{"name": "x", "image": "nginx",
                                        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}}
        """;
  }

  private static JsonNode condition(JsonNode object, String type) {
    return object
        .at("/status/conditions")
        .valueStream()
        .filter(c -> c.path("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + object));
  }
}
