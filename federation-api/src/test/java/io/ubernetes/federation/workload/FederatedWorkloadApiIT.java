package io.ubernetes.federation.workload;

import static io.ubernetes.federation.testing.Manifests.deployment;
import static io.ubernetes.federation.testing.Manifests.policy;
import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class FederatedWorkloadApiIT extends ApiIntegrationTest {

  @Test
  void storesTheTemplateExactlyAsGivenAndAppliesDefaults() {
    String name = unique("web");
    Response created = api.post("/api/v1/namespaces/shop/workloads", workload(name));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.at("/metadata/namespace")).isEqualTo("shop");
    assertThat(created.json().at("/spec/template"))
        .isEqualTo(ApiClient.tree(deployment("nginx:1.27")));
    assertThat(created.at("/spec/placement/mode")).isEqualTo("Divided");
    assertThat(created.json().at("/spec/replicas").asInt()).isEqualTo(6);
    assertThat(api.get("/api/v1/namespaces/shop/workloads/" + name).json())
        .isEqualTo(created.json());
  }

  @Test
  void keepsRolloutBoundsAsNumbersOrPercentagesAsGiven() {
    String name = unique("rolling");
    String body =
        "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s, \"rollout\":"
            + " {\"maxUnavailable\": 0, \"maxSurge\": \"50%%\"}}}";

    Response created =
        api.post("/api/v1/namespaces/shop/workloads", body.formatted(name, deployment("nginx")));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/spec/rollout/maxUnavailable").isInt()).isTrue();
    assertThat(created.json().at("/spec/rollout/maxUnavailable").asInt()).isZero();
    assertThat(created.at("/spec/rollout/maxSurge")).isEqualTo("50%");
    assertThat(api.get("/api/v1/namespaces/shop/workloads/" + name).json())
        .isEqualTo(created.json());
  }

  @Test
  void defaultsReplicasToOne() {
    String name = unique("one");
    String body =
        "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s}}"
            .formatted(name, deployment("nginx"));

    Response created = api.post("/api/v1/namespaces/shop/workloads", body);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @Test
  void acceptsCustomResourcesAndFollowingResources() {
    String name = unique("crd");
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"template": {"apiVersion": "example.com/v1", "kind": "Database",
                               "metadata": {"name": "orders"}, "spec": {"size": "large"}},
                  "resources": [
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
                     "data": {"mode": "fast"}},
                    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
                     "stringData": {"password": "s3cret"}}]}}
        """
            .formatted(name);

    Response created = api.post("/api/v1/namespaces/data/workloads", body);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/spec/resources").size()).isEqualTo(2);
  }

  @Test
  void listsAcrossAllNamespaces() {
    String label = unique("team");
    for (String namespace : new String[] {"alpha", "beta"}) {
      String body =
          """
          {"metadata": {"name": "%s", "labels": {"team": "%s"}}, "spec": {"template": %s}}
          """
              .formatted(unique("w"), label, deployment("nginx"));
      assertThat(api.post("/api/v1/namespaces/" + namespace + "/workloads", body).status())
          .isEqualTo(201);
    }

    Response all = api.get("/api/v1/workloads?labelSelector=team%3D" + label);
    Response alpha = api.get("/api/v1/namespaces/alpha/workloads?labelSelector=team%3D" + label);

    assertThat(all.at("/kind")).isEqualTo("FederatedWorkloadList");
    assertThat(
            all.json().at("/items").valueStream().map(i -> i.at("/metadata/namespace").asString()))
        .containsExactly("alpha", "beta");
    assertThat(alpha.json().at("/items").size()).isEqualTo(1);
  }

  @Test
  void refersToAnExistingPolicyOnly() {
    String policy = unique("burst");
    String missing = workloadUsing(unique("w"), policy);

    Response refused = api.post("/api/v1/namespaces/shop/workloads", missing);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.errorFields()).containsExactly("spec.placement.policyRef");

    api.post("/api/v1/placementpolicies", policy(policy));
    Response accepted = api.post("/api/v1/namespaces/shop/workloads", missing);
    assertThat(accepted.status()).isEqualTo(201);
  }

  @Test
  void aPolicyInUseCannotBeDeletedUntilItsWorkloadsLetGo() {
    String policy = unique("shared");
    api.post("/api/v1/placementpolicies", policy(policy));
    String first = unique("a");
    String second = unique("b");
    api.post("/api/v1/namespaces/shop/workloads", workloadUsing(first, policy));
    api.post("/api/v1/namespaces/ops/workloads", workloadUsing(second, policy));

    Response refused = api.delete("/api/v1/placementpolicies/" + policy);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.at("/detail")).contains("shop/" + first).contains("ops/" + second);
    assertThat(api.get("/api/v1/placementpolicies/" + policy).status()).isEqualTo(200);

    api.delete("/api/v1/namespaces/shop/workloads/" + first);
    api.mergePatch(
        "/api/v1/namespaces/ops/workloads/" + second,
        "{\"spec\": {\"placement\": {\"policyRef\": null, \"maxClusters\": 2}}}");
    assertThat(api.delete("/api/v1/placementpolicies/" + policy).status()).isEqualTo(200);
  }

  @Test
  void aNamespaceInTheBodyMustMatchTheUrl() {
    String body =
        "{\"metadata\": {\"name\": \"%s\", \"namespace\": \"other\"}, \"spec\": {\"template\": %s}}"
            .formatted(unique("ns"), deployment("nginx"));

    Response refused = api.post("/api/v1/namespaces/shop/workloads", body);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorFields()).containsExactly("metadata.namespace");
  }

  @Test
  void statusWrittenByAClientIsIgnored() {
    String name = unique("status");
    String body =
        ((ObjectNode) ApiClient.tree(workload(name)))
            .set("status", ApiClient.tree("{\"readyReplicas\": 99, \"observedGeneration\": 7}"))
            .toString();

    Response created = api.post("/api/v1/namespaces/shop/workloads", body);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/status").isEmpty()).isTrue();
  }

  // rollbackTo is not kept: the write itself rolls back (RevisionsIT).
  @Test
  void keepsRolloutStrategyControlAndHistoryLimitAsWrittenInJson() {
    String name = unique("staged");
    String rolloutFields =
        """
        "revisionHistoryLimit": 5,
        "rolloutStrategy": {
          "stages": [
            {"name": "canary",
             "clusterSelector": {"matchLabels": {"ubernetes.io/rollout-ring": "canary"}},
             "orderBy": "topology.kubernetes.io/zone", "maxConcurrency": 1, "maxFailures": 0,
             "minReadyTime": "30s", "approval": false, "progressDeadline": "10m",
             "countLeavingAsFailure": true},
            {"name": "eu",
             "clusterSelector": {"matchExpressions": [
               {"key": "topology.kubernetes.io/region", "operator": "In", "values": ["eu-central"]}]},
             "maxConcurrency": "25%", "approval": true}],
          "onFailure": "Pause"},
        "rolloutControl": {"paused": true, "approve": "eu@3", "abort": 3}
        """;
    String body =
        "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s, %s}}"
            .formatted(name, deployment("nginx"), rolloutFields);

    Response created = api.post("/api/v1/namespaces/shop/workloads", body);
    Response read = api.get("/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/" + name);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    ObjectNode written = (ObjectNode) ApiClient.tree("{" + rolloutFields + "}");
    for (String field :
        java.util.List.of("revisionHistoryLimit", "rolloutStrategy", "rolloutControl")) {
      assertThat(read.json().at("/spec/" + field)).as(field).isEqualTo(written.get(field));
    }
  }

  @Test
  void keepsRolloutFieldsAsWrittenInYaml() {
    String name = unique("staged-yaml");
    String yaml =
        """
        apiVersion: ubernetes.io/v1
        kind: FederatedWorkload
        metadata:
          name: %s
        spec:
          template: %s
          revisionHistoryLimit: 3
          rolloutStrategy:
            strategyRef: null
            stages:
            - name: canary
              maxConcurrency: 10%%
              minReadyTime: 1h30m
              progressDeadline: 2h
            onFailure: Rollback
          rolloutControl:
            approve: canary@1
        """
            .formatted(name, ApiClient.tree(deployment("nginx")).toString());

    Response created =
        api.send(
            "POST",
            "/api/v1/namespaces/shop/workloads",
            "application/yaml",
            yaml,
            "application/json");
    Response asYaml = api.get("/api/v1/namespaces/shop/workloads/" + name, "application/yaml");
    Response read = api.get("/api/v1/namespaces/shop/workloads/" + name);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(read.json().at("/spec/revisionHistoryLimit").asInt()).isEqualTo(3);
    assertThat(read.at("/spec/rolloutStrategy/stages/0/maxConcurrency")).isEqualTo("10%");
    assertThat(read.at("/spec/rolloutStrategy/stages/0/minReadyTime")).isEqualTo("1h30m");
    assertThat(read.at("/spec/rolloutStrategy/onFailure")).isEqualTo("Rollback");
    assertThat(read.at("/spec/rolloutControl/approve")).isEqualTo("canary@1");
    assertThat(asYaml.body())
        .contains("revisionHistoryLimit: 3")
        .contains("maxConcurrency: 10%")
        .contains("approve: canary@1");
  }

  @Test
  void refusesBadRolloutFieldsNamingEachOne() {
    String body =
        ("{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s,"
                + " \"revisionHistoryLimit\": 0,"
                + " \"rolloutStrategy\": {\"stages\": [{\"name\": \"canary\"},"
                + " {\"name\": \"eu\", \"maxConcurrency\": \"0%%\", \"minReadyTime\": \"5m\","
                + " \"progressDeadline\": \"1m\"}]},"
                + " \"rolloutControl\": {\"approve\": \"eu\", \"abort\": 0}}}")
            .formatted(unique("bad-rollout"), deployment("nginx"));

    Response refused = api.post("/api/v1/namespaces/shop/workloads", body);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.errorFields())
        .containsExactlyInAnyOrder(
            "spec.revisionHistoryLimit",
            "spec.rolloutStrategy.stages[1].maxConcurrency",
            "spec.rolloutStrategy.stages[1].progressDeadline",
            "spec.rolloutControl.approve",
            "spec.rolloutControl.abort");
  }

  private static String workloadUsing(String name, String policy) {
    return workload(name, deployment("nginx"), "{\"policyRef\": \"" + policy + "\"}");
  }
}
