package io.ubernetes.federation.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A rollout moves on by itself: the scheduler runs on its own (an hour between passes at the
 * latest), woken by the spec change, by the agents' reports about a workload in rollout and by the
 * end of a bake, and by nothing else.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "ubernetes.database.embedded.ephemeral=true",
      "server.address=127.0.0.1",
      "ubernetes.scheduler.enabled=true",
      "ubernetes.scheduler.interval=1h",
      "ubernetes.scheduler.rebalance-interval=1h",
      "ubernetes.agents.join-token=test-join-token",
      ApiClient.ADMIN_TOKEN_PROPERTY
    })
class RolloutWakeIT {
  private static final Duration SOON = Duration.ofSeconds(20);

  @LocalServerPort private int port;
  private ApiClient api;
  private Agent canary;
  private Agent main;

  @BeforeEach
  void fleet() {
    api = new ApiClient(port);
    canary = join("wake-canary", "canary");
    main = join("wake-main", "main");
  }

  @Test
  void reportsAndTheEndOfABakeWakeTheSchedulerThroughEveryStage() {
    Response created =
        api.post(
            "/api/v1/namespaces/shop/workloads",
            """
            {"metadata": {"name": "wake"},
             "spec": {"replicas": 1,
                      "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "spec": {"selector": {"matchLabels": {"app": "wake"}},
                                            "template": {"metadata": {"labels": {"app": "wake"}},
                                                         "spec": {"containers": [{"name": "app", "image": "shop/app:1"}]}}}},
                      "placement": {"clusterSelector": {"matchLabels": {"test-run": "wake"}},
                                    "mode": "Duplicated"},
                      "rolloutStrategy": {"stages": [
                        {"name": "canary", "clusterSelector": {"matchLabels": {"ring": "canary"}},
                         "minReadyTime": "2s"}]}}}
            """);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String uid = created.at("/metadata/uid");
    await().atMost(SOON).until(() -> canary.revision() == 1 && main.revision() == 1);
    canary.healthy(uid, 1);
    main.healthy(uid, 1);
    await().atMost(SOON).until(() -> "Complete".equals(phase()));

    api.mergePatch(
        "/api/v1/namespaces/shop/workloads/wake",
        """
        {"spec": {"template": {"spec": {"template": {"spec":
          {"containers": [{"name": "app", "image": "shop/app:2"}]}}}}}}
        """);
    await().atMost(SOON).until(() -> canary.revision() == 2);
    int mainDuringCanary = main.revision();
    canary.healthy(uid, 2);
    await().atMost(SOON).until(() -> main.revision() == 2);
    main.healthy(uid, 2);
    await().atMost(SOON).until(() -> "Complete".equals(phase()));

    assertThat(mainDuringCanary).isEqualTo(1);
    JsonNode rollout =
        api.get("/api/v1/namespaces/shop/workloads/wake").json().at("/status/rollout");
    assertThat(rollout.path("currentRevision").asInt()).isEqualTo(2);
  }

  private String phase() {
    return api.get("/api/v1/namespaces/shop/workloads/wake")
        .json()
        .at("/status/rollout/phase")
        .asString("");
  }

  private Agent join(String name, String ring) {
    Response joined =
        api.post(
            "/api/v1/agent/join",
            """
            {"cluster": "%s", "joinToken": "test-join-token", "requestId": "request-%s",
             "facts": {"region": "eu-central", "zone": "eu-central-a", "provider": "test",
                       "tier": "onprem", "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
            """
                .formatted(name, name));
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    api.mergePatch(
        "/api/v1/clusters/" + name,
        """
        {"metadata": {"labels": {"test-run": "wake", "ring": "%s"}}}
        """
            .formatted(ring));
    Agent agent = new Agent(name, joined.at("/credential"));
    agent.beat();
    return agent;
  }

  /** A joined cluster, as its agent speaks for it. */
  private final class Agent {
    final String name;
    final String credential;

    Agent(String name, String credential) {
      this.name = name;
      this.credential = credential;
    }

    void beat() {
      Response answer =
          send(
              "PUT",
              "/api/v1/agent/clusters/" + name + "/heartbeat",
              """
              {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "400"},
               "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
               "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true,
               "nodes": [{"count": 4, "free": {"cpu": "16", "memory": "64Gi", "pods": "100"}}]}
              """);
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    void healthy(String uid, int revision) {
      Response answer =
          send(
              "PUT",
              "/api/v1/agent/clusters/" + name + "/status",
              """
              {"workloads": [{"workloadUid": "%s", "generation": 1, "applied": true,
                              "replicas": 1, "readyReplicas": 1, "errors": [], "services": [],
                              "updatedReplicas": 1, "availableReplicas": 1, "podIssues": [],
                              "workloadRevision": %d, "restarts": 0}]}
              """
                  .formatted(uid, revision));
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    /** The workload revision of the workload's work in the cluster now; 0 if none. */
    int revision() {
      Response feed = send("GET", "/api/v1/agent/clusters/" + name + "/work?since=0", null);
      for (JsonNode item : feed.json().path("items")) {
        if (item.path("name").asString().equals("wake")) {
          return item.path("workloadRevision").asInt(0);
        }
      }
      return 0;
    }

    private Response send(String method, String path, String body) {
      return new ApiClient(port).sendAuthorized(method, path, credential, body);
    }
  }
}
