package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Duplicated workload over many clusters: its work is rendered once per distinct set of override
 * rules selecting a cluster, yet every cluster's row holds what rendering it alone would give, and
 * every cluster's feed serves it.
 */
class DuplicatedWorkIT extends SchedulingIntegrationTest {
  private static final List<String> REGIONS = List.of("eu-central", "us-east", "ap-south");
  private static final int PER_REGION = 4;

  @Autowired private WorkStore work;
  @Autowired private WorkFeeds feeds;
  @Autowired private JsonMapper json;

  @AfterEach
  void removeThisRunsClusters() {
    deleteThisRunsClusters();
  }

  @Test
  void everyClusterStoresTheWorkItsOwnOverridesGiveWhateverTheOthersGet() {
    List<String> names = clusters();
    String namespace = run;
    String pinned = names.get(1);
    Response policy =
        api.post(
            "/api/v1/namespaces/" + namespace + "/overridepolicies",
            """
            {"metadata": {"name": "pinned"},
             "spec": {"rules": [{"clusters": {"names": ["%s"]},
                                 "jsonPatch": [{"op": "replace",
                                                "path": "/spec/template/spec/containers/0/image",
                                                "value": "nginx:pinned"}]}]}}
            """
                .formatted(pinned));
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    duplicated(namespace, "web", "nginx");

    schedule();

    Map<String, WorkStore.Row> rows = rows(namespace, "web");
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(names);
    Map<String, String> images = new TreeMap<>();
    rows.forEach((cluster, row) -> images.put(cluster, image(row)));
    for (String cluster : names) {
      String expected =
          cluster.equals(pinned)
              ? "nginx:pinned"
              : cluster.contains("us-east") ? "nginx:us" : "nginx";
      assertThat(images.get(cluster)).as(cluster).isEqualTo(expected);
    }
    // Clusters that no rule singles out hold the very same work, each under its own revision.
    Set<JsonNode> plain =
        rows.entrySet().stream()
            .filter(e -> !e.getKey().equals(pinned) && !e.getKey().contains("us-east"))
            .map(e -> json.readTree(e.getValue().manifests()))
            .collect(Collectors.toSet());
    assertThat(plain).hasSize(1);
    assertThat(rows.values().stream().map(WorkStore.Row::revision).distinct())
        .hasSize(names.size());
  }

  @Test
  void aPassThatChangesNothingWritesNothingAndAChangeReachesEveryCluster() {
    List<String> names = clusters();
    duplicated(run, "api", "nginx");
    schedule();
    Map<String, WorkStore.Row> first = rows(run, "api");

    schedule();
    assertThat(revisions(rows(run, "api"))).isEqualTo(revisions(first));

    Response changed =
        api.mergePatch(
            "/api/v1/namespaces/" + run + "/workloads/api",
            """
            {"spec": {"template": {"spec": {"template": {"spec": {"containers": [
              {"name": "app", "image": "nginx:2",
               "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}}}}
            """);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);

    // Without a rollout strategy the new revision goes to every cluster at once.
    await()
        .untilAsserted(
            () -> {
              schedule();
              Map<String, WorkStore.Row> second = rows(run, "api");
              assertThat(second.keySet()).containsExactlyInAnyOrderElementsOf(names);
              second.forEach(
                  (cluster, row) -> {
                    assertThat(row.revision())
                        .as(cluster)
                        .isGreaterThan(first.get(cluster).revision());
                    assertThat(image(row))
                        .as(cluster)
                        .isEqualTo(cluster.contains("us-east") ? "nginx:us" : "nginx:2");
                  });
            });
  }

  @Test
  void everyClustersFeedServesItsWorkFromScratchAndItsRemovalAfterwards() throws Exception {
    List<String> names = clusters();
    duplicated(run, "feed", "nginx");
    schedule();
    Map<String, WorkStore.Row> rows = rows(run, "feed");
    UUID uid = rows.values().iterator().next().workload();

    Map<String, Long> seen = new TreeMap<>();
    for (String cluster : names) {
      WorkFeed feed = feeds.changesSince(cluster, 0);
      assertThat(feed.items()).as(cluster).hasSize(1);
      assertThat(feed.items().getFirst().workloadUid()).isEqualTo(uid.toString());
      assertThat(feed.items().getFirst().revision()).isEqualTo(rows.get(cluster).revision());
      assertThat(feed.revision()).isGreaterThanOrEqualTo(rows.get(cluster).revision());
      seen.put(cluster, feed.revision());
    }

    // Narrowed to Europe: every other cluster gets a removal instruction in its feed.
    Response narrowed =
        api.mergePatch(
            "/api/v1/namespaces/" + run + "/workloads/feed",
            """
            {"spec": {"placement": {"clusterSelector": {"matchLabels":
              {"test-run": "%s", "topology.kubernetes.io/region": "eu-central"}}}}}
            """
                .formatted(run));
    assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
    await()
        .untilAsserted(
            () -> {
              schedule();
              assertThat(rows(run, "feed").values().stream().filter(WorkStore.Row::deleted))
                  .hasSize(2 * PER_REGION);
            });

    for (String cluster : names) {
      WorkFeed feed = feeds.changesSince(cluster, seen.get(cluster));
      if (cluster.contains("eu-central")) {
        assertThat(feed.tombstones()).as(cluster).isEmpty();
      } else {
        assertThat(feed.tombstones()).as(cluster).hasSize(1);
        assertThat(feed.tombstones().getFirst().workloadUid()).isEqualTo(uid.toString());
        assertThat(rows(run, "feed").get(cluster).deleted()).isTrue();
      }
    }
  }

  @Test
  void agentsAskingAllAtOnceAfterARestartEachGetTheirOwnClustersWork() throws Exception {
    List<String> names = clusters();
    duplicated(run, "storm", "nginx");
    duplicated(run, "storm2", "nginx");
    schedule();
    Map<String, WorkStore.Row> first = rows(run, "storm");
    Map<String, WorkStore.Row> second = rows(run, "storm2");

    // Half the agents start from scratch, half from just before their second workload's work:
    // every request of the storm is read in a batch with others, and answered with its own rows.
    Map<String, Future<WorkFeed>> asked = new TreeMap<>();
    try (ExecutorService agents = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < names.size(); i++) {
        String cluster = names.get(i);
        long since = i % 2 == 0 ? 0 : second.get(cluster).revision() - 1;
        asked.put(cluster, agents.submit(() -> feeds.changesSince(cluster, since)));
      }
    }

    for (int i = 0; i < names.size(); i++) {
      String cluster = names.get(i);
      List<Long> revisions =
          asked.get(cluster).get().items().stream().map(WorkItem::revision).toList();
      if (i % 2 == 0) {
        assertThat(revisions)
            .as(cluster)
            .containsExactlyInAnyOrder(
                first.get(cluster).revision(), second.get(cluster).revision());
      } else {
        assertThat(revisions).as(cluster).containsExactly(second.get(cluster).revision());
      }
    }
  }

  /** Twelve ready clusters of this run, four in each of three regions. */
  private List<String> clusters() {
    List<String> names = new ArrayList<>();
    for (String region : REGIONS) {
      for (int i = 0; i < PER_REGION; i++) {
        names.add(cluster(run + "-" + region + "-" + i, region, "cloud", 8, 0.03));
      }
    }
    return names;
  }

  /** A workload on every cluster of this run, its image replaced in us-east by an override. */
  private void duplicated(String namespace, String name, String image) {
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": 2,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "%s",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}},
                  "placement": %s,
                  "overrides": [{"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "us-east"}},
                                 "patch": [{"op": "replace", "path": "/spec/template/spec/containers/0/image",
                                            "value": "nginx:us"}]}]}}
        """
            .formatted(name, name, name, image, placement("\"mode\": \"Duplicated\""));
    Response created = api.post("/api/v1/namespaces/" + namespace + "/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private Map<String, WorkStore.Row> rows(String namespace, String name) {
    String uid =
        api.get("/api/v1/namespaces/" + namespace + "/workloads/" + name).at("/metadata/uid");
    return work.of(UUID.fromString(uid));
  }

  private String image(WorkStore.Row row) {
    JsonNode manifests = json.readTree(row.manifests());
    return manifests
        .get(manifests.size() - 1)
        .at("/spec/template/spec/containers/0/image")
        .asString();
  }

  private static Map<String, Long> revisions(Map<String, WorkStore.Row> rows) {
    Map<String, Long> revisions = new TreeMap<>();
    rows.forEach((cluster, row) -> revisions.put(cluster, row.revision()));
    return revisions;
  }
}
