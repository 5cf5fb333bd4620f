package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An operator's health rule, end to end with real agents on Fabric8 mock members: a custom resource
 * no built-in rule knows is judged by a HealthRule's JSONPath, then, once the rule is changed to
 * CEL, by its expression; both show in the workload's status and in {@code ObjectsHealthy}.
 */
class HealthRuleE2E {
  private static final List<String> CLUSTERS =
      List.of("onprem-fra", "aws-eu-west", "gcp-eu-north", "aws-us-east");

  @TempDir static Path data;
  private static FleetHarness fleet;

  @BeforeAll
  static void start() {
    fleet = new FleetHarness(data);
    for (String cluster : CLUSTERS) {
      KubernetesClient member = fleet.cluster(cluster).client();
      CustomResourceDefinition definition =
          member
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .resource(
                  new CustomResourceDefinitionBuilder()
                      .withNewMetadata()
                      .withName("databases.db.example.com")
                      .endMetadata()
                      .withNewSpec()
                      .withGroup("db.example.com")
                      .withScope("Namespaced")
                      .withNewNames()
                      .withKind("Database")
                      .withPlural("databases")
                      .withSingular("database")
                      .endNames()
                      .addNewVersion()
                      .withName("v1")
                      .withServed(true)
                      .withStorage(true)
                      .withNewSubresources()
                      .withNewStatus()
                      .endStatus()
                      .endSubresources()
                      .endVersion()
                      .endSpec()
                      .build())
              .create();
      // What the member's API server writes once it serves the kind.
      definition.setStatus(
          new CustomResourceDefinitionStatusBuilder()
              .addNewCondition()
              .withType("Established")
              .withStatus("True")
              .endCondition()
              .build());
      member.apiextensions().v1().customResourceDefinitions().resource(definition).updateStatus();
    }
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aCustomResourceIsJudgedByAJsonPathRuleThenByACelRule() {
    Http.Answer rule =
        fleet.api.post(
            "/apis/ubernetes.io/v1/healthrules",
            """
            {"metadata": {"name": "databases"},
             "spec": {"apiVersion": "db.example.com/v1", "kind": "Database",
                      "healthy": {"jsonPath": ".status.phase", "value": "Ready"},
                      "degraded": {"jsonPath": ".status.phase", "value": "Failed"}}}
            """);
    assertThat(rule.status()).as(String.valueOf(rule.json())).isEqualTo(201);
    Http.Answer created = fleet.api.post("/api/v1/namespaces/shop/workloads", workload());
    assertThat(created.status()).as(String.valueOf(created.json())).isEqualTo(201);

    String cluster =
        await()
            .atMost(PATIENCE)
            .until(
                () -> database(fleet.status("shop", "orders")),
                db -> db != null && db.path("cluster").isString())
            .path("cluster")
            .asString();
    KubernetesClient member = fleet.cluster(cluster).client();
    await().atMost(PATIENCE).until(() -> live(member) != null);

    writeStatus(member, Map.of("phase", "Failed"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = fleet.status("shop", "orders");
              JsonNode db = database(status);
              assertThat(db.path("health").asString()).isEqualTo("Degraded");
              assertThat(db.path("reason").asString()).isEqualTo("HealthRule/databases");
              assertThat(FleetHarness.conditionMessage(status, "ObjectsHealthy"))
                  .contains("Database shop/orders Degraded: HealthRule/databases");
            });

    writeStatus(member, Map.of("phase", "Ready"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(database(fleet.status("shop", "orders")).path("health").asString())
                    .isEqualTo("Healthy"));

    Http.Answer changed =
        fleet.api.mergePatch(
            "/apis/ubernetes.io/v1/healthrules/databases",
            """
            {"spec": {"healthy": {"jsonPath": null, "value": null,
                                  "cel": "object.status.phase == 'Ready' && object.status.replicas >= 2"},
                      "degraded": null}}
            """);
    assertThat(changed.status()).as(String.valueOf(changed.json())).isEqualTo(200);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode db = database(fleet.status("shop", "orders"));
              assertThat(db.path("health").asString()).isEqualTo("Unknown");
              assertThat(db.path("message").asString()).contains("replicas");
            });

    writeStatus(member, Map.of("phase", "Ready", "replicas", 3));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = fleet.status("shop", "orders");
              assertThat(database(status).path("health").asString()).isEqualTo("Healthy");
              assertThat(database(status).path("feedback").isEmpty()).isTrue();
              assertThat(FleetHarness.conditionMessage(status, "ObjectsHealthy"))
                  .contains("objects healthy");
            });
  }

  private static GenericKubernetesResource live(KubernetesClient member) {
    return member
        .genericKubernetesResources("db.example.com/v1", "Database")
        .inNamespace("shop")
        .withName("orders")
        .get();
  }

  /** What the database operator writes. */
  private static void writeStatus(KubernetesClient member, Map<String, Object> status) {
    GenericKubernetesResource live = live(member);
    live.setAdditionalProperty("status", status);
    member
        .genericKubernetesResources("db.example.com/v1", "Database")
        .inNamespace("shop")
        .resource(live)
        .updateStatus();
  }

  /** The Database in the workload's status, with the name of its cluster; null before any. */
  private static JsonNode database(JsonNode status) {
    for (JsonNode share : status.path("clusters")) {
      for (JsonNode object : share.path("objects")) {
        if (object.path("kind").asString().equals("Database")) {
          ((tools.jackson.databind.node.ObjectNode) object)
              .put("cluster", share.path("name").asString());
          return object;
        }
      }
    }
    return null;
  }

  private static String workload() {
    return """
        {"metadata": {"name": "orders"},
         "spec": {"replicas": 1,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "orders"}},
                                        "template": {"metadata": {"labels": {"app": "orders"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}},
                  "resources": [{"apiVersion": "db.example.com/v1", "kind": "Database",
                                 "metadata": {"name": "orders"}, "spec": {"size": "10Gi"}}]}}
        """;
  }
}
