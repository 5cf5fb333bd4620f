package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Operators' health rules over the agent protocol and real HTTP: a rule's fields reach the work of
 * the clusters that run objects of its kind (and a changed rule reaches it without a new workload
 * revision); what the agents report for them judges the custom resource in the workload's status
 * and {@code ObjectsHealthy}, by a JSONPath value, then by CEL; a bad rule is refused naming the
 * field.
 */
class HealthRuleIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";

  @AfterEach
  void removeThisRunsClustersAndRules() {
    JsonNode mine = api.get("/api/v1/clusters?labelSelector=test-run%3D" + run).json();
    mine.path("items")
        .forEach(c -> api.delete("/api/v1/clusters/" + c.at("/metadata/name").asString()));
    api.delete("/apis/ubernetes.io/v1/healthrules/" + run);
  }

  /** A kind of this run's own: rules are cluster-wide, and other tests' objects are not ours. */
  private String kind() {
    return "Db" + run.replace("-", "");
  }

  @Test
  void aCustomResourceIsJudgedByAJsonPathRuleThenByACelRule() {
    Agent a = join("a");
    rule(
        """
        {"healthy": {"jsonPath": ".status.phase", "value": "Ready"},
         "degraded": {"jsonPath": ".status.phase", "value": "Failed"}}
        """);
    workload("db");
    schedule();
    String uid = uid("db");

    JsonNode feedback = a.work().json().at("/items/0/feedback/0");
    assertThat(feedback.path("kind").asString()).isEqualTo(kind());
    assertThat(feedback.at("/paths/0/name").asString()).isEqualTo("healthRule/healthy");
    assertThat(feedback.at("/paths/0/path").asString()).isEqualTo(".status.phase");

    // The agent has no built-in rule for the kind: it reports the values alone.
    a.report(
        uid, database("{\"healthRule/healthy\": \"Failed\", \"healthRule/degraded\": \"Failed\"}"));
    JsonNode status = workloadStatus("shop", run + "-db").json().path("status");
    JsonNode db = object(status.path("clusters").get(0), kind(), "orders");
    assertThat(db.path("health").asString()).isEqualTo("Degraded");
    assertThat(db.path("reason").asString()).isEqualTo("HealthRule/" + run);
    assertThat(db.path("feedback").isEmpty()).as(db.toString()).isTrue();
    JsonNode objects = condition(status, "ObjectsHealthy");
    assertThat(objects.path("status").asString()).isEqualTo("False");
    assertThat(objects.path("reason").asString()).isEqualTo("ObjectDegraded");
    assertThat(objects.path("message").asString())
        .contains(kind() + " shop/orders Degraded: HealthRule/" + run);

    a.report(
        uid, database("{\"healthRule/healthy\": \"Ready\", \"healthRule/degraded\": \"Ready\"}"));
    status = workloadStatus("shop", run + "-db").json().path("status");
    assertThat(object(status.path("clusters").get(0), kind(), "orders").path("health").asString())
        .isEqualTo("Healthy");
    assertThat(condition(status, "ObjectsHealthy").path("status").asString()).isEqualTo("True");

    // The rule becomes CEL: the clusters are asked for the status, with no new revision.
    long before = a.work().json().path("revision").asLong();
    Response replaced =
        api.mergePatch(
            "/apis/ubernetes.io/v1/healthrules/" + run,
            """
            {"spec": {"healthy": {"jsonPath": null, "value": null,
                                  "cel": "object.status.readyReplicas >= 2 && object.metadata.generation == object.status.observedGeneration"},
                      "degraded": null}}
            """);
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    JsonNode work = a.work().json();
    assertThat(work.path("revision").asLong()).isGreaterThan(before);
    assertThat(work.at("/items/0/workloadRevision").asInt()).isEqualTo(1);
    assertThat(work.at("/items/0/feedback/0/paths/0/name").asString())
        .isEqualTo("healthRule/status");
    assertThat(work.at("/items/0/feedback/0/paths/1/path").asString())
        .isEqualTo(".metadata.generation");

    a.report(
        uid,
        database(
            """
            {"healthRule/status": {"readyReplicas": 1, "observedGeneration": 1},
             "healthRule/generation": 1}
            """));
    status = workloadStatus("shop", run + "-db").json().path("status");
    assertThat(object(status.path("clusters").get(0), kind(), "orders").path("health").asString())
        .isEqualTo("Progressing");
    assertThat(condition(status, "ObjectsHealthy").path("reason").asString())
        .isEqualTo("ObjectsProgressing");

    a.report(
        uid,
        database(
            """
            {"healthRule/status": {"readyReplicas": 3, "observedGeneration": 1},
             "healthRule/generation": 1}
            """));
    status = workloadStatus("shop", run + "-db").json().path("status");
    assertThat(object(status.path("clusters").get(0), kind(), "orders").path("health").asString())
        .isEqualTo("Healthy");
    assertThat(condition(status, "ObjectsHealthy").path("status").asString()).isEqualTo("True");

    // A status without the field: the expression fails, the object is Unknown and says why.
    a.report(uid, database("{\"healthRule/status\": {}, \"healthRule/generation\": 1}"));
    status = workloadStatus("shop", run + "-db").json().path("status");
    JsonNode unknown = object(status.path("clusters").get(0), kind(), "orders");
    assertThat(unknown.path("health").asString()).isEqualTo("Unknown");
    assertThat(unknown.path("message").asString()).contains("readyReplicas");
  }

  @Test
  void theServicesAFederatedServiceBringsIntoWorkAreAskedForWhatTheirRuleNeeds() {
    Agent a = join("a");
    workload("fronted");
    schedule();
    Response rule =
        api.post(
            "/apis/ubernetes.io/v1/healthrules",
            """
            {"metadata": {"name": "%s"},
             "spec": {"apiVersion": "v1", "kind": "Service",
                      "healthy": {"cel": "has(object.status)"}}}
            """
                .formatted(run));
    assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    assertThat(a.work().json().at("/items/0/feedback").toString()).doesNotContain("Service");

    Response service =
        api.post(
            "/apis/ubernetes.io/v1/namespaces/shop/federatedservices",
            """
            {"metadata": {"name": "%s-fronted"},
             "spec": {"workload": "%s-fronted", "ports": [{"port": 80}]}}
            """
                .formatted(run, run));
    assertThat(service.status()).as(service.body()).isEqualTo(201);

    JsonNode item = a.work().json().at("/items/0");
    assertThat(item.path("manifests").toString()).contains("\"kind\":\"Service\"");
    assertThat(item.at("/feedback/0/kind").asString()).isEqualTo("Service");
    assertThat(item.at("/feedback/0/paths/0/name").asString()).isEqualTo("healthRule/status");
  }

  @Test
  void aRuleThatCannotWorkIsRefusedNamingTheField() {
    Response refused =
        api.post(
            "/api/v1/healthrules",
            """
            {"metadata": {"name": "%s"},
             "spec": {"kind": "Database", "healthy": {"cel": "object.status.phase"},
                      "degraded": {"jsonPath": ".status.phase"}}}
            """
                .formatted(run));

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    String errors = refused.json().path("errors").toString();
    assertThat(errors).contains("spec.degraded.value");
    Response notBool =
        api.post(
            "/api/v1/healthrules",
            """
            {"metadata": {"name": "%s"},
             "spec": {"kind": "Database", "healthy": {"cel": "'Ready'"}}}
            """
                .formatted(run));
    assertThat(notBool.status()).as(notBool.body()).isEqualTo(422);
    assertThat(notBool.json().path("errors").toString()).contains("spec.healthy.cel");
  }

  // --- helpers

  private static final String NODES =
      "[{\"count\": 4, \"free\": {\"cpu\": \"16\", \"memory\": \"64Gi\", \"pods\": \"100\"}}]";

  private String database(String feedback) {
    return """
        {"apiVersion": "example.com/v1", "kind": "%s", "namespace": "shop", "name": "orders",
         "feedback": %s}
        """
        .formatted(kind(), feedback);
  }

  private void rule(String checks) {
    Response created =
        api.post(
            "/apis/ubernetes.io/v1/healthrules",
            """
            {"metadata": {"name": "%s"},
             "spec": {"apiVersion": "example.com/v1", "kind": "%s", %s}}
            """
                .formatted(run, kind(), checks.strip().substring(1, checks.strip().length() - 1)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

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

    void report(String uid, String objects) {
      String body =
          """
          {"workloads": [{"workloadUid": "%s", "generation": 1, "applied": true,
                          "replicas": 1, "readyReplicas": 1, "errors": [], "services": [],
                          "updatedReplicas": 1, "availableReplicas": 1, "podIssues": [],
                          "objects": [%s]}]}
          """
              .formatted(uid, objects);
      Response answer = send("PUT", "/api/v1/agent/clusters/" + name + "/status", body);
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
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

  /** A workload with a custom resource, which no built-in rule judges. */
  private void workload(String name) {
    Response created =
        api.post(
            "/api/v1/namespaces/shop/workloads",
            """
            {"metadata": {"name": "%s-%s"},
             "spec": {"replicas": 1,
                      "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                            "template": {"metadata": {"labels": {"app": "%s"}},
                                                         "spec": {"containers": [{"name": "app", "image": "nginx",
                                                                  "resources": {"requests": {"cpu": "100m"}}}]}}}},
                      "resources": [{"apiVersion": "example.com/v1", "kind": "%s",
                                     "metadata": {"name": "orders"}, "spec": {"size": "small"}}],
                      "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}}}}}
            """
                .formatted(run, name, name, name, kind(), run));
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
