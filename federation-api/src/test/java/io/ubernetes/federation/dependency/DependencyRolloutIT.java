package io.ubernetes.federation.dependency;

import static io.ubernetes.federation.testing.Manifests.federatedObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A shared ConfigMap in the namespace's store, through the scheduler and the agents' work feeds
 * over real HTTP: it reaches every cluster of every workload that refers to it, before the
 * workload's own objects, and a change to it becomes the next revision of each such workload and
 * reaches their clusters with their rollouts.
 */
class DependencyRolloutIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";
  private static final String NAMESPACE = "deps";

  private final List<String> clusters = new ArrayList<>();
  private final List<String> credentials = new ArrayList<>();

  @AfterEach
  void removeThisRunsClusters() {
    clusters.forEach(name -> api.delete("/api/v1/clusters/" + name));
  }

  @Test
  void changingASharedConfigMapRollsANewRevisionOfEveryWorkloadUsingItToTheirClusters() {
    join("a");
    join("b");
    String config = run + "-config";
    Response stored =
        api.post(
            "/apis/ubernetes.io/v1/namespaces/" + NAMESPACE + "/federatedobjects",
            federatedObject(config));
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    String web = run + "-web";
    String worker = run + "-worker";
    create(web, config);
    create(worker, config);
    schedule();
    for (int i = 0; i < clusters.size(); i++) {
      for (String workload : List.of(web, worker)) {
        JsonNode item = item(i, workload);
        assertThat(item.path("workloadRevision").asInt()).isEqualTo(1);
        assertThat(configMap(item, config).at("/data/LOG_LEVEL").asString()).isEqualTo("info");
        healthy(i, workload, 1);
      }
    }
    schedule();
    advance(Duration.ofSeconds(61));
    schedule();
    for (String workload : List.of(web, worker)) {
      assertThat(workload(workload).at("/status/rollout/phase").asString())
          .as("the first revision is rolled out everywhere: nothing is in progress")
          .isEqualTo("Complete");
    }

    Response changed =
        api.mergePatch(
            "/apis/ubernetes.io/v1/namespaces/" + NAMESPACE + "/federatedobjects/" + config,
            "{\"spec\": {\"object\": {\"data\": {\"LOG_LEVEL\": \"debug\"}}}}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    schedule();

    for (String workload : List.of(web, worker)) {
      JsonNode newest = revisions(workload).path("items").get(0);
      assertThat(newest.path("revision").asInt()).isEqualTo(2);
      assertThat(newest.path("changes").valueStream().map(JsonNode::asString))
          .containsExactly("dependency ConfigMap/" + config + " changed");
      for (int i = 0; i < clusters.size(); i++) {
        JsonNode item = item(i, workload);
        assertThat(item.path("workloadRevision").asInt())
            .as(workload + " in " + clusters.get(i))
            .isEqualTo(2);
        JsonNode configMap = configMap(item, config);
        assertThat(configMap.at("/data/LOG_LEVEL").asString()).isEqualTo("debug");
        assertThat(configMap.at("/metadata/namespace").asString()).isEqualTo(NAMESPACE);
        assertThat(configMap.at("/metadata/annotations/ubernetes.io~1revision").asString())
            .isEqualTo("2");
      }
    }
  }

  /** The cluster's agent reports the workload's replica applied and available at a revision. */
  private void healthy(int cluster, String workload, int revision) {
    String uid = workload(workload).at("/metadata/uid").asString();
    String body =
        """
        {"workloads": [{"workloadUid": "%s", "generation": 1, "applied": true,
                        "replicas": 1, "readyReplicas": 1, "errors": [], "services": [],
                        "updatedReplicas": 1, "availableReplicas": 1, "podIssues": [],
                        "workloadRevision": %d, "restarts": 0}]}
        """
            .formatted(uid, revision);
    Response reported =
        new ApiClient(port())
            .sendAuthorized(
                "PUT",
                "/api/v1/agent/clusters/" + clusters.get(cluster) + "/status",
                credentials.get(cluster),
                body);
    assertThat(reported.status()).as(reported.body()).isEqualTo(204);
  }

  private JsonNode workload(String name) {
    return api.get("/api/v1/namespaces/" + NAMESPACE + "/workloads/" + name).json();
  }

  private void create(String name, String config) {
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": 1,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "shop/app:1",
                                                              "resources": {"requests": {"cpu": "100m"}},
                                                              "envFrom": [{"configMapRef": {"name": "%s"}}]}]}}}},
                  "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}},
                                "mode": "Duplicated"}}}
        """
            .formatted(name, name, name, config, run);
    Response created = api.post("/api/v1/namespaces/" + NAMESPACE + "/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** The ConfigMap in a work item, which comes before the workload's Deployment. */
  private static JsonNode configMap(JsonNode item, String name) {
    JsonNode manifests = item.path("manifests");
    for (int i = 0; i < manifests.size(); i++) {
      JsonNode manifest = manifests.get(i);
      if (manifest.path("kind").asString().equals("ConfigMap")
          && manifest.at("/metadata/name").asString().equals(name)) {
        assertThat(manifests.get(manifests.size() - 1).path("kind").asString())
            .isEqualTo("Deployment");
        assertThat(i).isLessThan(manifests.size() - 1);
        return manifest;
      }
    }
    throw new AssertionError("no ConfigMap " + name + " in " + item);
  }

  /** The work item of a workload in the feed of the i-th cluster. */
  private JsonNode item(int cluster, String workload) {
    Response feed =
        new ApiClient(port())
            .sendAuthorized(
                "GET",
                "/api/v1/agent/clusters/" + clusters.get(cluster) + "/work?since=0",
                credentials.get(cluster),
                null);
    assertThat(feed.status()).as(feed.body()).isEqualTo(200);
    return feed.json()
        .path("items")
        .valueStream()
        .filter(item -> item.path("name").asString().equals(workload))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + workload + " in " + feed.body()));
  }

  private JsonNode revisions(String workload) {
    Response revisions =
        api.get("/api/v1/namespaces/" + NAMESPACE + "/workloads/" + workload + "/revisions");
    assertThat(revisions.status()).as(revisions.body()).isEqualTo(200);
    return revisions.json();
  }

  /** A cluster of this run, joined, with a heartbeat sent. */
  private void join(String suffix) {
    String name = run + "-" + suffix;
    String credential = api.joinCluster(name, JOIN_TOKEN);
    api.mergePatch(
        "/api/v1/clusters/" + name,
        "{\"metadata\": {\"labels\": {\"test-run\": \"%s\"}}}".formatted(run));
    String beat =
        """
        {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "400"},
         "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
         "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true,
         "nodes": [{"count": 4, "free": {"cpu": "16", "memory": "64Gi", "pods": "100"}}]}
        """;
    Response answer =
        new ApiClient(port())
            .sendAuthorized(
                "PUT", "/api/v1/agent/clusters/" + name + "/heartbeat", credential, beat);
    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    clusters.add(name);
    credentials.add(credential);
  }
}
