package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How each object of a workload is doing in its clusters, through the agent protocol over real
 * HTTP: the fields a workload asks of its objects reach the agents with its work, and what the
 * agents report of each object shows per cluster in the workload's status, summed up in {@code
 * ObjectsHealthy}.
 */
class ObjectStatusIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";

  private static final String FEEDBACK =
      """
      [{"apiVersion": "batch/v1", "kind": "Job",
        "jsonPaths": [{"name": "succeeded", "path": ".status.succeeded"},
                      {"name": "failedReason",
                       "path": "{.status.conditions[?(@.type==\\"Failed\\")].reason}"}]}]
      """;

  @AfterEach
  void removeClusters() {
    deleteThisRunsClusters();
  }

  @Test
  void aJobThatFailsInAMemberShowsInTheWorkloadsStatusAndItsConditions() {
    Agent a = join("a");
    workload("batch", FEEDBACK);
    schedule();
    String uid = uid("batch");
    String web =
        """
        {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "batch",
         "health": "Healthy", "reason": "Available", "message": "1 of 1 replicas available"}
        """;

    Response reported =
        a.report(
            uid,
            web
                + ","
                + """
                {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "migrate",
                 "health": "Degraded", "reason": "BackoffLimitExceeded",
                 "message": "Job has reached the specified backoff limit",
                 "feedback": {"failedReason": ["BackoffLimitExceeded"]}}
                """);

    assertThat(reported.status()).as(reported.body()).isEqualTo(204);
    JsonNode status = workloadStatus("shop", run + "-batch").json().path("status");
    JsonNode job = object(status.path("clusters").get(0), "Job", "migrate");
    assertThat(job.path("health").asString()).isEqualTo("Degraded");
    assertThat(job.path("reason").asString()).isEqualTo("BackoffLimitExceeded");
    assertThat(job.path("message").asString())
        .isEqualTo("Job has reached the specified backoff limit");
    assertThat(job.at("/feedback/failedReason/0").asString()).isEqualTo("BackoffLimitExceeded");
    assertThat(status.path("clusters").get(0).path("health").asString()).isEqualTo("Degraded");
    JsonNode objects = condition(status, "ObjectsHealthy");
    assertThat(objects.path("status").asString()).isEqualTo("False");
    assertThat(objects.path("reason").asString()).isEqualTo("ObjectDegraded");
    assertThat(objects.path("message").asString())
        .isEqualTo(
            a.name
                + ": Job shop/migrate Degraded: BackoffLimitExceeded: Job has reached the"
                + " specified backoff limit");

    // The Job is run again and completes.
    a.report(
        uid,
        web
            + ","
            + """
            {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "migrate",
             "health": "Healthy", "reason": "Complete", "message": "1 succeeded",
             "feedback": {"succeeded": 1}}
            """);

    status = workloadStatus("shop", run + "-batch").json().path("status");
    assertThat(
            object(status.path("clusters").get(0), "Job", "migrate")
                .at("/feedback/succeeded")
                .asInt())
        .isEqualTo(1);
    objects = condition(status, "ObjectsHealthy");
    assertThat(objects.path("status").asString()).isEqualTo("True");
    assertThat(objects.path("message").asString()).isEqualTo("2 objects healthy");
  }

  @Test
  void theFieldsAWorkloadAsksOfItsObjectsReachItsClustersWithItsWork() {
    Agent a = join("a");
    workload("fed", FEEDBACK);
    schedule();

    JsonNode work = a.work().json();

    JsonNode rule = work.at("/items/0/feedback/0");
    assertThat(rule.path("kind").asString()).isEqualTo("Job");
    assertThat(rule.path("apiVersion").asString()).isEqualTo("batch/v1");
    assertThat(rule.at("/paths/1/name").asString()).isEqualTo("failedReason");
    assertThat(rule.at("/paths/1/path").asString())
        .isEqualTo("{.status.conditions[?(@.type==\"Failed\")].reason}");
  }

  @Test
  void changedFeedbackReachesTheClustersWithoutANewRevision() {
    Agent a = join("a");
    workload("changed", FEEDBACK);
    schedule();
    long before = a.work().json().path("revision").asLong();

    Response patched =
        api.mergePatch(
            "/api/v1/namespaces/shop/workloads/" + run + "-changed",
            """
            {"spec": {"statusFeedback": [{"kind": "Job",
                                          "jsonPaths": [{"name": "active", "path": ".status.active"}]}]}}
            """);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    schedule();

    JsonNode work = a.work().json();
    assertThat(work.path("revision").asLong()).isGreaterThan(before);
    assertThat(work.at("/items/0/feedback/0/paths/0/name").asString()).isEqualTo("active");
    assertThat(work.at("/items/0/workloadRevision").asInt()).isEqualTo(1);
  }

  @Test
  void statusFeedbackThatCannotWorkIsRefusedNamingTheField() {
    Response refused =
        api.post(
            "/api/v1/namespaces/shop/workloads",
            body(
                "refused",
                """
                [{"jsonPaths": [{"name": "a", "path": ".status.succeeded"}]},
                 {"kind": "Job", "jsonPaths": [{"name": "a", "path": ".status.failed"},
                                               {"name": "b", "path": ".status.conditions[0:2]"},
                                               {"name": "c/d", "path": "..status"}]},
                 {"kind": "Job", "jsonPaths": []}]
                """));

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    String errors = refused.json().path("errors").toString();
    assertThat(errors)
        .contains("spec.statusFeedback[0].kind")
        .contains("spec.statusFeedback[1].jsonPaths[0].name")
        .contains("duplicate name \\\"a\\\"")
        .contains("spec.statusFeedback[1].jsonPaths[1].path")
        .contains("slices and unions are not supported")
        .contains("spec.statusFeedback[1].jsonPaths[2].name")
        .contains("spec.statusFeedback[1].jsonPaths[2].path")
        .contains("recursive descent")
        .contains("spec.statusFeedback[2].jsonPaths");
  }

  // --- helpers

  private static final String NODES =
      "[{\"count\": 4, \"free\": {\"cpu\": \"16\", \"memory\": \"64Gi\", \"pods\": \"100\"}}]";

  /** A joined cluster of this run, as its agent speaks for it. */
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

    Response report(String uid, String objects) {
      String body =
          """
          {"workloads": [{"workloadUid": "%s", "generation": 1, "applied": true,
                          "replicas": 1, "readyReplicas": 1, "errors": [], "services": [],
                          "updatedReplicas": 1, "availableReplicas": 1, "podIssues": [],
                          "objects": [%s]}]}
          """
              .formatted(uid, objects);
      return send("PUT", "/api/v1/agent/clusters/" + name + "/status", body);
    }

    Response work() {
      return send("GET", "/api/v1/agent/clusters/" + name + "/work?since=0", null);
    }

    private Response send(String method, String path, String body) {
      return new ApiClient(port()).sendAuthorized(method, path, credential, body);
    }
  }

  private Agent join(String suffix) {
    String name = run + "-" + suffix;
    String credential = api.joinCluster(name, JOIN_TOKEN);
    api.mergePatch(
        "/api/v1/clusters/" + name,
        """
        {"metadata": {"labels": {"test-run": "%s", "test-name": "%s"}}}
        """
            .formatted(run, name));
    Agent agent = new Agent(name, credential);
    agent.beat();
    return agent;
  }

  private String body(String name, String feedback) {
    return """
        {"metadata": {"name": "%s-%s"},
         "spec": {"replicas": 1,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx",
                                                              "resources": {"requests": {"cpu": "100m"}}}]}}}},
                  "resources": [{"apiVersion": "batch/v1", "kind": "Job",
                                 "metadata": {"name": "migrate"},
                                 "spec": {"template": {"spec": {"restartPolicy": "Never",
                                          "containers": [{"name": "migrate", "image": "migrate:1"}]}}}}],
                  "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}}},
                  "statusFeedback": %s}}
        """
        .formatted(run, name, name, name, run, feedback);
  }

  private void workload(String name, String feedback) {
    Response created = api.post("/api/v1/namespaces/shop/workloads", body(name, feedback));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private String uid(String name) {
    return workloadStatus("shop", run + "-" + name).at("/metadata/uid");
  }

  private static JsonNode object(JsonNode share, String kind, String name) {
    return share
        .path("objects")
        .valueStream()
        .filter(
            o -> o.path("kind").asString().equals(kind) && o.path("name").asString().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + share));
  }

  private static JsonNode condition(JsonNode status, String type) {
    return status
        .path("conditions")
        .valueStream()
        .filter(c -> c.path("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status));
  }
}
