package io.ubernetes.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.AgentConfig;
import io.ubernetes.agent.MemberClusterMock;
import io.ubernetes.agent.state.CredentialStore;
import io.ubernetes.federation.testing.AgentFleet;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The whole loop: the real federation service on an embedded PostgreSQL, and three agents in this
 * JVM, each on its own mock member cluster (two in eu-central, one in us-east). The member clusters
 * have no controllers, so the tests play the Deployment controller where readiness matters.
 */
class FederationWithAgentsIT {
  private static final String TOKEN = "e2e-join-token";
  private static final Duration PATIENCE = AgentFleet.PATIENCE;
  private static final String[] NAMES = {"eu-1", "eu-2", "us-1"};

  @TempDir static Path data;

  private static AgentFleet fleet;

  @BeforeAll
  static void startTheFleet() {
    fleet = new AgentFleet(data, TOKEN);
    fleet.add("eu-1", member("eu-central", "eu-central-a"));
    fleet.add("eu-2", member("eu-central", "eu-central-b"));
    fleet.add("us-1", member("us-east", "us-east-a"));
    for (String name : NAMES) {
      awaitReady(name, "True");
    }
  }

  @AfterAll
  static void stopTheFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aWorkloadIsPlacedAppliedAndReportedReady() {
    create("placed", 4, "eu-central");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(replicas("eu-1", "placed") + replicas("eu-2", "placed")).isEqualTo(4));
    Deployment applied = deployment("eu-1", "placed");
    rollOut("eu-1", "placed");
    rollOut("eu-2", "placed");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = workload("placed").path("status");
              assertThat(status.path("readyReplicas").asInt()).isEqualTo(4);
              assertThat(condition(status, "Applied")).isEqualTo("True");
              assertThat(condition(status, "Ready")).isEqualTo("True");
              assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
            });
    assertThat(deployment("us-1", "placed")).as("us-east is not selected").isNull();
    assertThat(applied.getMetadata().getLabels())
        .containsEntry("ubernetes.io/managed-by", "ubernetes")
        .containsEntry("ubernetes.io/workload", "e2e.placed");
    assertThat(applied.getMetadata().getAnnotations())
        .containsEntry("ubernetes.io/generation", "1");
    JsonNode perCluster = workload("placed").at("/status/clusters");
    assertThat(perCluster.valueStream().mapToInt(c -> c.path("readyReplicas").asInt()).sum())
        .isEqualTo(4);
  }

  @Test
  void aMemberReceivesTheImageItsOverridePolicyGivesItAndTheNextOneWhenThePolicyChanges() {
    Response policy =
        api()
            .post(
                "/apis/ubernetes.io/v1/namespaces/e2e/overridepolicies",
                """
            {"metadata": {"name": "eu-2-mirror"},
             "spec": {"workloadSelector": {"names": ["mirrored"]},
                      "rules": [{"clusters": {"names": ["eu-2"]},
                                 "image": {"container": "app", "registry": "eu.gcr.io"}}]}}
            """);
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    create("mirrored", 4, "eu-central");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(image("eu-2", "mirrored")).isEqualTo("eu.gcr.io/nginx:1.27");
              assertThat(image("eu-1", "mirrored")).isEqualTo("nginx:1.27");
            });
    Response changed =
        api()
            .mergePatch(
                "/apis/ubernetes.io/v1/namespaces/e2e/overridepolicies/eu-2-mirror",
                """
            {"spec": {"rules": [{"clusters": {"names": ["eu-2"]},
                                 "image": {"container": "app", "registry": "eu.gcr.io", "tag": "1.28"}}]}}
            """);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(image("eu-2", "mirrored")).isEqualTo("eu.gcr.io/nginx:1.28"));
    assertThat(image("eu-1", "mirrored")).isEqualTo("nginx:1.27");
    assertThat(deployment("eu-2", "mirrored").getMetadata().getAnnotations())
        .containsEntry("ubernetes.io/revision", "2");
  }

  @Test
  void anUpdateRollsToEveryClusterAndADeleteRemovesItEverywhere() {
    create("rolled", 6, "eu-central");
    await().atMost(PATIENCE).until(() -> image("eu-1", "rolled") != null);
    await().atMost(PATIENCE).until(() -> image("eu-2", "rolled") != null);

    Response updated =
        api()
            .jsonPatch(
                "/api/v1/namespaces/e2e/workloads/rolled",
                """
            [{"op": "replace", "path": "/spec/template/spec/template/spec/containers/0/image",
              "value": "nginx:1.28"}]
            """);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(image("eu-1", "rolled")).isEqualTo("nginx:1.28");
              assertThat(image("eu-2", "rolled")).isEqualTo("nginx:1.28");
            });
    assertThat(deployment("eu-1", "rolled").getMetadata().getAnnotations())
        .containsEntry("ubernetes.io/generation", "2");

    assertThat(api().delete("/api/v1/namespaces/e2e/workloads/rolled").status()).isEqualTo(200);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(deployment("eu-1", "rolled")).isNull();
              assertThat(deployment("eu-2", "rolled")).isNull();
            });
  }

  @Test
  void withTheFederationStoppedWorkloadsStayDriftIsCorrectedAndStatusesCatchUpAfter() {
    create("autonomous", 2, "us-east");
    await().atMost(PATIENCE).until(() -> replicas("us-1", "autonomous") == 2);
    Map<String, String> readySince = new HashMap<>();
    for (String name : NAMES) {
      awaitReady(name, "True");
      readySince.put(name, readyCondition(name).path("lastTransitionTime").asString());
    }

    fleet.stopFederation();
    try {
      // Drift is still corrected: an edit is reverted, a deletion is undone.
      scale("us-1", "autonomous", 7);
      await().atMost(PATIENCE).until(() -> replicas("us-1", "autonomous") == 2);
      member("us-1").apps().deployments().inNamespace("e2e").withName("autonomous").delete();
      await().atMost(PATIENCE).until(() -> replicas("us-1", "autonomous") == 2);

      // An agent restarted without its federation restores its state from its cluster, and
      // deletes nothing.
      List<String> managed = managed("us-1");
      fleet.stopAgent("us-1");
      fleet.startAgent("us-1");
      scale("us-1", "autonomous", 0);
      await().atMost(PATIENCE).until(() -> replicas("us-1", "autonomous") == 2);
      assertThat(managed("us-1")).isEqualTo(managed).contains("e2e/autonomous");

      rollOut("us-1", "autonomous");
    } finally {
      fleet.startFederation();
    }

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = workload("autonomous").path("status");
              assertThat(status.path("readyReplicas").asInt()).isEqualTo(2);
              assertThat(condition(status, "Ready")).isEqualTo("True");
            });
    // Agents were silent only because the federation was down: no cluster went Unknown for it.
    for (String name : NAMES) {
      awaitReady(name, "True");
      assertThat(readyCondition(name).path("lastTransitionTime").asString())
          .isEqualTo(readySince.get(name));
    }
    assertThat(replicas("us-1", "autonomous")).isEqualTo(2);
  }

  @Test
  void whenAClustersHeartbeatStopsItGoesUnknownAndItsReplicasFailOver() {
    create("failover", 4, "eu-central");
    await()
        .atMost(PATIENCE)
        .until(() -> replicas("eu-1", "failover") + replicas("eu-2", "failover") == 4);
    int beforeOnEu2 = replicas("eu-2", "failover");

    fleet.stopAgent("eu-1");
    try {
      awaitReady("eu-1", "Unknown");
      JsonNode ready = readyCondition("eu-1");
      assertThat(ready.path("reason").asString()).isEqualTo("HeartbeatTimeout");
      await().atMost(PATIENCE).until(() -> replicas("eu-2", "failover") == 4);
      assertThat(beforeOnEu2).isLessThan(4);
      assertThat(deployment("eu-1", "failover"))
          .as("nothing is deleted in a cluster the federation cannot reach")
          .isNotNull();
    } finally {
      fleet.startAgent("eu-1");
    }
    awaitReady("eu-1", "True");
  }

  @Test
  void anAgentsCredentialReachesItsOwnClusterOnly() {
    String eu1 = credential("eu-1");

    Response ownWork =
        api().sendAuthorized("GET", "/api/v1/agent/clusters/eu-1/work?since=0", eu1, null);
    Response otherWork =
        api().sendAuthorized("GET", "/api/v1/agent/clusters/eu-2/work?since=0", eu1, null);
    Response otherHeartbeat =
        api()
            .sendAuthorized(
                "PUT",
                "/api/v1/agent/clusters/eu-2/heartbeat",
                eu1,
                """
            {"apiServerReachable": false, "kubernetesVersion": "v1.31.2", "agentVersion": "forged",
             "allocatable": {"cpu": "0", "memory": "0", "pods": "0"},
             "allocated": {"cpu": "0", "memory": "0", "pods": "0"}}
            """);
    Response otherStatus =
        api()
            .sendAuthorized(
                "PUT", "/api/v1/agent/clusters/eu-2/status", eu1, "{\"workloads\": []}");

    assertThat(ownWork.status()).isEqualTo(200);
    assertThat(otherWork.status()).isEqualTo(403);
    assertThat(otherHeartbeat.status()).isEqualTo(403);
    assertThat(otherStatus.status()).isEqualTo(403);
    assertThat(condition(api().get("/api/v1/clusters/eu-2").json().path("status"), "Ready"))
        .isEqualTo("True");
  }

  @Test
  void aClusterFederatedWorkloadInstallsADefinitionThenItsResourceAndItsDeletionRemovesThem() {
    Response created =
        api()
            .post(
                "/apis/ubernetes.io/v1/clusterfederatedworkloads",
                """
            {"metadata": {"name": "widgets"},
             "spec": {
               "template": {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                            "metadata": {"name": "widgets.example.com"},
                            "spec": {"group": "example.com", "scope": "Namespaced",
                                     "names": {"kind": "Widget", "plural": "widgets", "singular": "widget", "listKind": "WidgetList"},
                                     "versions": [{"name": "v1", "served": true, "storage": true,
                                                   "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}},
               "resources": [
                 {"apiVersion": "example.com/v1", "kind": "Widget",
                  "metadata": {"name": "w1", "namespace": "widgets"}, "spec": {"size": 3}},
                 {"apiVersion": "v1", "kind": "Namespace",
                  "metadata": {"name": "widgets", "labels": {"team": "widgets"}}},
                 {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                  "metadata": {"name": "widget-reader"},
                  "rules": [{"apiGroups": ["example.com"], "resources": ["widgets"], "verbs": ["get"]}]}],
               "placement": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}}}}}
            """);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/spec/placement/mode").asString()).isEqualTo("Duplicated");

    List<String> eu = List.of("eu-1", "eu-2");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : eu) {
                assertThat(definition(cluster)).as(cluster).isNotNull();
                assertThat(member(cluster).namespaces().withName("widgets").get()).isNotNull();
                assertThat(member(cluster).rbac().clusterRoles().withName("widget-reader").get())
                    .isNotNull();
              }
            });
    assertThat(definition("eu-1").getMetadata().getLabels())
        .containsEntry("ubernetes.io/workload", "cluster_widgets");
    assertThat(member("eu-1").namespaces().withName("widgets").get().getMetadata().getLabels())
        .containsEntry("team", "widgets");
    assertThat(definition("us-1")).as("us-east is not selected").isNull();
    // The member has not established the definition: the custom resource waits.
    assertThat(widget("eu-1")).isNull();

    for (String cluster : eu) {
      CustomResourceDefinition live = definition(cluster);
      live.setStatus(
          new CustomResourceDefinitionStatusBuilder()
              .addNewCondition()
              .withType("Established")
              .withStatus("True")
              .endCondition()
              .build());
      member(cluster)
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(live)
          .updateStatus();
    }

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(widget("eu-1")).isNotNull();
              assertThat(widget("eu-2")).isNotNull();
              assertThat(
                      condition(
                          api()
                              .get("/apis/ubernetes.io/v1/clusterfederatedworkloads/widgets")
                              .json()
                              .path("status"),
                          "Applied"))
                  .isEqualTo("True");
            });

    // Nothing of it runs pods: each cluster that applied it and whose objects are not failing or
    // still progressing counts as ready.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status =
                  api()
                      .get("/apis/ubernetes.io/v1/clusterfederatedworkloads/widgets")
                      .json()
                      .path("status");
              assertThat(status.path("readyReplicas").asInt()).as(status.toString()).isEqualTo(2);
              assertThat(condition(status, "Ready")).as(status.toString()).isEqualTo("True");
            });

    Response placement = api().get("/api/v1/clusterworkloads/widgets/placement");
    assertThat(placement.status()).as(placement.body()).isEqualTo(200);
    Response revisions =
        api().get("/apis/ubernetes.io/v1/clusterfederatedworkloads/widgets/revisions");
    assertThat(revisions.status()).as(revisions.body()).isEqualTo(200);
    assertThat(revisions.json().path("items")).hasSize(1);

    assertThat(api().delete("/apis/ubernetes.io/v1/clusterfederatedworkloads/widgets").status())
        .isEqualTo(200);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (String cluster : eu) {
                assertThat(member(cluster).namespaces().withName("widgets").get()).isNull();
                assertThat(member(cluster).rbac().clusterRoles().withName("widget-reader").get())
                    .isNull();
                assertThat(definition(cluster)).isNull();
              }
            });
  }

  private static CustomResourceDefinition definition(String cluster) {
    return member(cluster)
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("widgets.example.com")
        .get();
  }

  private static GenericKubernetesResource widget(String cluster) {
    try {
      return member(cluster)
          .genericKubernetesResources("example.com/v1", "Widget")
          .inNamespace("widgets")
          .withName("w1")
          .get();
    } catch (KubernetesClientException e) {
      // Not served before its definition exists.
      return null;
    }
  }

  /** A member cluster with one node of 16 cores in the given zone. */
  private static MemberClusterMock member(String region, String zone) {
    MemberClusterMock cluster = new MemberClusterMock();
    cluster.addReadyNode(
        "node-1",
        "16",
        "64Gi",
        "110",
        Map.of("topology.kubernetes.io/region", region, "topology.kubernetes.io/zone", zone));
    return cluster;
  }

  private static KubernetesClient member(String name) {
    return fleet.member(name);
  }

  private static ApiClient api() {
    return fleet.api();
  }

  private static void create(String name, int replicas, String region) {
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}},
                  "placement": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "%s"}}}}}
        """
            .formatted(name, replicas, name, name, region);
    Response created = api().post("/api/v1/namespaces/e2e/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static JsonNode workload(String name) {
    return api().get("/api/v1/namespaces/e2e/workloads/" + name).json();
  }

  private static Deployment deployment(String cluster, String name) {
    return member(cluster).apps().deployments().inNamespace("e2e").withName(name).get();
  }

  private static int replicas(String cluster, String name) {
    Deployment deployment = deployment(cluster, name);
    return deployment == null
        ? 0
        : Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 0);
  }

  /** The Deployments the agents manage in a cluster, as namespace/name. */
  private static List<String> managed(String cluster) {
    return member(cluster)
        .apps()
        .deployments()
        .inAnyNamespace()
        .withLabel("ubernetes.io/managed-by", "ubernetes")
        .list()
        .getItems()
        .stream()
        .map(d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static String image(String cluster, String name) {
    Deployment deployment = deployment(cluster, name);
    return deployment == null
        ? null
        : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static void scale(String cluster, String name, int replicas) {
    member(cluster)
        .apps()
        .deployments()
        .inNamespace("e2e")
        .withName(name)
        .edit(
            d -> {
              d.getSpec().setReplicas(replicas);
              return d;
            });
  }

  /** What the Deployment controller would do: every replica up and ready. */
  private static void rollOut(String cluster, String name) {
    Deployment deployment = deployment(cluster, name);
    deployment.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(deployment.getMetadata().getGeneration())
            .withReplicas(deployment.getSpec().getReplicas())
            .withReadyReplicas(deployment.getSpec().getReplicas())
            .withAvailableReplicas(deployment.getSpec().getReplicas())
            .withUpdatedReplicas(deployment.getSpec().getReplicas())
            .build());
    member(cluster).apps().deployments().resource(deployment).updateStatus();
  }

  private static void awaitReady(String cluster, String status) {
    fleet.awaitReady(cluster, status);
  }

  private static JsonNode readyCondition(String cluster) {
    return fleet.readyCondition(cluster);
  }

  private static String condition(JsonNode status, String type) {
    return conditionNode(status, type).path("status").asString(null);
  }

  private static JsonNode conditionNode(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asString().equals(type)) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  /** The credential the agent keeps in its cluster's state namespace. */
  private static String credential(String cluster) {
    Secret secret =
        member(cluster)
            .secrets()
            .inNamespace(AgentConfig.DEFAULT_STATE_NAMESPACE)
            .withName(CredentialStore.SECRET)
            .get();
    return new String(
        Base64.getDecoder().decode(secret.getData().get("credential")), StandardCharsets.UTF_8);
  }
}
