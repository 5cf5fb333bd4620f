package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A workload whose replicas the members' HorizontalPodAutoscalers own, through the agent protocol
 * over real HTTP with the scheduler run by hand: the federation places it and sends each cluster
 * its share as the starting count, marked as the member's to change; the status sums what the
 * members report they run; handing the replicas back marks the work as the federation's again.
 */
class MemberAutoscalingIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";
  private static final String NODES =
      "[{\"count\": 4, \"free\": {\"cpu\": \"16\", \"memory\": \"64Gi\", \"pods\": \"100\"}}]";

  @AfterEach
  void removeClusters() {
    deleteThisRunsClusters();
  }

  @Test
  void theWorkCarriesTheSharesAsStartingCountsMarkedAsTheMembersToChange() {
    Agent a = join("a");
    Agent b = join("b");
    autoscaledWorkload("web", 4);

    schedule();

    Map<String, Integer> placed = replicas("shop", run + "-web");
    assertThat(placed.values().stream().mapToInt(i -> i).sum()).isEqualTo(4);
    for (Agent agent : new Agent[] {a, b}) {
      JsonNode item = agent.workItem(run + "-web");
      assertThat(item.path("replicasOwnedByMember").asBoolean()).as(agent.name).isTrue();
      JsonNode deployment = item.path("manifests").get(item.path("manifests").size() - 1);
      assertThat(deployment.at("/spec/replicas").asInt())
          .as(agent.name)
          .isEqualTo(placed.getOrDefault(agent.name, 0));
    }
  }

  @Test
  void theStatusSumsWhatTheMembersAutoscalersRunAndEachClustersCount() {
    Agent a = join("a");
    Agent b = join("b");
    autoscaledWorkload("web", 4);
    schedule();
    String uid = uid("web");
    Map<String, Integer> placed = replicas("shop", run + "-web");

    // a's autoscaler scaled up to 6 (all ready), b's down to 1 (ready).
    a.report(uid, 6, 6);
    b.report(uid, 1, 1);

    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");
    assertThat(status.path("desiredReplicas").asInt()).isEqualTo(7);
    assertThat(status.path("replicas").asInt()).isEqualTo(7);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(7);
    assertThat(status.path("availableReplicas").asInt()).isEqualTo(7);
    assertThat(status.path("updatedReplicas").asInt()).isEqualTo(7);
    assertThat(share(status, a.name).path("memberReplicas").asInt()).isEqualTo(6);
    assertThat(share(status, a.name).path("readyReplicas").asInt()).isEqualTo(6);
    assertThat(share(status, a.name).path("health").asString()).isEqualTo("Healthy");
    assertThat(share(status, b.name).path("memberReplicas").asInt()).isEqualTo(1);
    assertThat(share(status, b.name).path("health").asString()).isEqualTo("Healthy");
    // The shares stay what the federation placed: the members' starting counts.
    assertThat(share(status, a.name).path("replicas").asInt()).isEqualTo(placed.get(a.name));
    assertThat(share(status, b.name).path("replicas").asInt()).isEqualTo(placed.get(b.name));
    assertThat(condition(status, "Ready").path("status").asString()).isEqualTo("True");
    assertThat(condition(status, "Ready").path("message").asString())
        .isEqualTo("7/7 replicas ready");
    JsonNode row = table("web");
    assertThat(row.path("cells").get(1).asInt()).isEqualTo(7);
    assertThat(row.path("cells").get(2).asString()).isEqualTo("7/7");
  }

  @Test
  void aMemberThatScaledUpAndIsNotReadyYetHoldsTheWorkloadBackFromReady() {
    Agent a = join("a");
    autoscaledWorkload("web", 2);
    schedule();
    String uid = uid("web");

    a.report(uid, 5, 2);

    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");
    assertThat(status.path("desiredReplicas").asInt()).isEqualTo(5);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(2);
    assertThat(share(status, a.name).path("health").asString()).isEqualTo("Progressing");
    assertThat(condition(status, "Ready").path("message").asString())
        .isEqualTo("2/5 replicas ready");
  }

  @Test
  void handingTheReplicasBackToTheFederationMarksTheWorkAndCountsTheSharesAgain() {
    Agent a = join("a");
    autoscaledWorkload("web", 2);
    schedule();
    String uid = uid("web");
    a.report(uid, 5, 5);

    Response patched =
        api.mergePatch(
            "/api/v1/namespaces/shop/workloads/" + run + "-web",
            "{\"spec\": {\"autoscaling\": null}}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    schedule();
    a.report(uid, 2, 2);

    assertThat(a.workItem(run + "-web").path("replicasOwnedByMember").asBoolean()).isFalse();
    JsonNode status = workloadStatus("shop", run + "-web").json().path("status");
    assertThat(status.path("desiredReplicas").asInt()).isEqualTo(2);
    assertThat(share(status, a.name).has("memberReplicas")).isFalse();
  }

  @Test
  void theCapacityLedgerCountsTheReplicasAMemberScaledUpTo() {
    Agent a = join("a");
    autoscaledWorkload("web", 2, "1");
    schedule();
    // Its autoscaler runs 10 replicas of a core where 2 were placed: the agent leaves them out of
    // what runs outside the federation (4 cores), so the ledger must count them.
    a.report(uid("web"), 10, 10);

    workload("shop", run + "-other", 1, placement(""));
    schedule();

    JsonNode verdict =
        api.get("/api/v1/namespaces/shop/workloads/" + run + "-other/placement")
            .json()
            .path("clusters")
            .valueStream()
            .filter(c -> c.path("cluster").asString().equals(a.name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no verdict on " + a.name));
    // 4 cores outside the federation, 10 of the autoscaled workload, half a core of the new one.
    assertThat(verdict.path("utilizationPercent").asDouble()).isEqualTo(100.0 * 14.5 / 64);
  }

  // --- helpers

  private final class Agent {
    final String name;
    final String credential;

    Agent(String name, String credential) {
      this.name = name;
      this.credential = credential;
    }

    void beat() {
      String body =
          """
          {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "400"},
           "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
           "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true,
           "nodes": %s}
          """
              .formatted(NODES);
      Response answer = send("PUT", "/api/v1/agent/clusters/" + name + "/heartbeat", body);
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    void report(String uid, int replicas, int ready) {
      String body =
          """
          {"workloads": [{"workloadUid": "%s", "generation": %d, "applied": true,
                          "replicas": %d, "readyReplicas": %d, "errors": [], "services": [],
                          "updatedReplicas": %d, "availableReplicas": %d, "podIssues": []}]}
          """
              .formatted(uid, generation(uid), replicas, ready, replicas, ready);
      Response answer = send("PUT", "/api/v1/agent/clusters/" + name + "/status", body);
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    /** The cluster's work item of a workload, from the start of its feed. */
    JsonNode workItem(String workload) {
      Response feed = send("GET", "/api/v1/agent/clusters/" + name + "/work?since=0", null);
      assertThat(feed.status()).as(feed.body()).isEqualTo(200);
      return feed.json()
          .path("items")
          .valueStream()
          .filter(item -> item.path("name").asString().equals(workload))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no work item of " + workload + " for " + name));
    }

    private Response send(String method, String path, String body) {
      return new ApiClient(port()).sendAuthorized(method, path, credential, body);
    }
  }

  private long generation(String uid) {
    return api.get("/api/v1/namespaces/shop/workloads/" + run + "-web")
        .json()
        .at("/metadata/generation")
        .asLong();
  }

  private Agent join(String suffix) {
    String name = run + "-" + suffix;
    String credential = api.joinCluster(name, JOIN_TOKEN);
    api.mergePatch(
        "/api/v1/clusters/" + name,
        """
        {"metadata": {"labels": {"test-run": "%s", "test-name": "%s"}},
         "spec": {"cost": {"cpuCoreHour": 0.01, "memoryGiBHour": 0}}}
        """
            .formatted(run, name));
    Agent agent = new Agent(name, credential);
    agent.beat();
    return agent;
  }

  /** A Deployment of this run scaled by an HPA in each member, spread evenly. */
  private void autoscaledWorkload(String name, int replicas) {
    autoscaledWorkload(name, replicas, "100m");
  }

  private void autoscaledWorkload(String name, int replicas, String cpu) {
    String full = run + "-" + name;
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "autoscaling": {"mode": "Member"},
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx",
                                                              "resources": {"requests": {"cpu": "%s"}}}]}}}},
                  "resources": [{"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                                 "metadata": {"name": "%s"},
                                 "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "%s"},
                                          "minReplicas": 1, "maxReplicas": 10}}],
                  "placement": %s}}
        """
            .formatted(
                full,
                replicas,
                name,
                name,
                cpu,
                full,
                full,
                placement(
                    "\"mode\": \"Divided\", \"spread\": [{\"topologyKey\": \"test-name\", \"minGroups\": 2}]"));
    Response created = api.post("/api/v1/namespaces/shop/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Warning")).as("an HPA targets the template").isNull();
  }

  private String uid(String name) {
    return workloadStatus("shop", run + "-" + name).at("/metadata/uid");
  }

  private JsonNode table(String name) {
    Response table =
        api.get(
            "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/" + run + "-" + name,
            "application/json;as=Table;v=v1;g=meta.k8s.io");
    assertThat(table.status()).as(table.body()).isEqualTo(200);
    return table.json().path("rows").get(0);
  }

  private static JsonNode share(JsonNode status, String cluster) {
    return status
        .path("clusters")
        .valueStream()
        .filter(c -> c.path("name").asString().equals(cluster))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no share of " + cluster + " in " + status));
  }

  private static JsonNode condition(JsonNode status, String type) {
    return status
        .path("conditions")
        .valueStream()
        .filter(c -> c.path("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status));
  }
}
