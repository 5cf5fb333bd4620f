package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.ubernetes.agent.MemberClusterMock;
import io.ubernetes.federation.testing.AgentFleet;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Member quotas end to end: the real federation service on an embedded PostgreSQL and two agents in
 * this JVM, each on its own mock member cluster. A quota with {@code spec.memberQuota} enabled has
 * a native ResourceQuota in each member its namespace holds replicas in, sized to the share there
 * with the headroom; it follows the split, and goes only on the federation's word.
 */
class MemberQuotaIT {
  private static final String TOKEN = "member-quota-join-token";
  private static final Duration PATIENCE = AgentFleet.PATIENCE;
  private static final String NAMESPACE = "team";
  private static final String QUOTAS =
      "/api/v1/namespaces/" + NAMESPACE + "/federatedresourcequotas";
  private static final String WORKLOADS = "/api/v1/namespaces/" + NAMESPACE + "/workloads";
  private static final String[] NAMES = {"eu-1", "eu-2"};

  /** What one replica of the test's workload asks for: 250m and 256Mi. */
  private static final BigDecimal CPU = new BigDecimal("0.25");

  private static final BigDecimal MEMORY = BigDecimal.valueOf(256L << 20);

  @TempDir static Path data;

  private static AgentFleet fleet;

  @BeforeAll
  static void startTheFleet() {
    fleet = new AgentFleet(data, TOKEN);
    for (String name : NAMES) {
      MemberClusterMock cluster = new MemberClusterMock();
      cluster.addReadyNode(
          "node-1", "16", "64Gi", "110", Map.of("topology.kubernetes.io/region", "eu-central"));
      fleet.add(name, cluster);
    }
    for (String name : NAMES) {
      fleet.awaitReady(name, "True");
    }
  }

  @AfterAll
  static void stopTheFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void eachMemberEnforcesTheNamespacesShareWithHeadroomAndLosesItOnlyOnTheFederationsWord() {
    Response quota =
        fleet
            .api()
            .post(
                QUOTAS,
                """
            {"metadata": {"name": "compute"},
             "spec": {"hard": {"requests.cpu": "8", "requests.memory": "16Gi", "pods": "20",
                               "count/federatedworkloads": "5"},
                      "memberQuota": {"enabled": true, "headroomPercent": 50}}}
            """);
    assertThat(quota.status()).as(quota.body()).isEqualTo(201);
    Response workload =
        fleet
            .api()
            .post(
                WORKLOADS,
                """
            {"metadata": {"name": "web"},
             "spec": {"replicas": 4,
                      "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "spec": {"selector": {"matchLabels": {"app": "web"}},
                                            "template": {"metadata": {"labels": {"app": "web"}},
                                                         "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                                  "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}},
                      "placement": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
                                    "minReplicasPerCluster": 1}}}
            """);
    assertThat(workload.status()).as(workload.body()).isEqualTo(201);

    // Each member: its replicas' requests and pods, half again for the headroom.
    await().atMost(PATIENCE).untilAsserted(() -> assertSizedToTheirShares(4, 2));
    ResourceQuota native1 = resourceQuota("eu-1");
    assertThat(native1.getMetadata().getLabels())
        .containsEntry("ubernetes.io/managed-by", "ubernetes")
        .containsEntry("ubernetes.io/workload", "team.quota_compute");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode members = quotaStatus().path("memberQuotas");
              assertThat(members).as(members.toString()).hasSize(2);
              for (JsonNode member : members) {
                assertThat(member.path("applied").asBoolean()).as(member.toString()).isTrue();
                assertThat(member.path("hard").path("pods").asString())
                    .isEqualTo(
                        resourceQuota(member.path("cluster").asString())
                            .getSpec()
                            .getHard()
                            .get("pods")
                            .toString());
              }
            });

    scale(8);
    await().atMost(PATIENCE).untilAsserted(() -> assertSizedToTheirShares(8, 2));

    // One replica: the namespace leaves one member, which is told to remove its ResourceQuota.
    scale(1);
    await().atMost(PATIENCE).untilAsserted(() -> assertSizedToTheirShares(1, 1));
    String kept = replicas("eu-1") == 1 ? "eu-1" : "eu-2";
    String left = kept.equals("eu-1") ? "eu-2" : "eu-1";
    assertThat(resourceQuota(left)).isNull();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(quotaStatus().path("memberQuotas").findValuesAsString("cluster"))
                    .containsExactly(kept));

    // Neither an outage of the federation nor an agent restarted during it removes it, and the
    // agent puts it back as it was when someone in the member raises it.
    Map<String, Quantity> sized = resourceQuota(kept).getSpec().getHard();
    fleet.stopFederation();
    try {
      fleet.stopAgent(kept);
      fleet.startAgent(kept);
      fleet
          .member(kept)
          .resourceQuotas()
          .inNamespace(NAMESPACE)
          .withName("ubernetes-compute")
          .edit(
              raised -> {
                raised.getSpec().getHard().put("pods", new Quantity("99"));
                return raised;
              });
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(resourceQuota(kept).getSpec().getHard()).isEqualTo(sized));
      assertThat(replicas(kept)).isEqualTo(1);
    } finally {
      fleet.startFederation();
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(quotaStatus().at("/memberQuotas/0/applied").asBoolean())
                    .as(quotaStatus().toString())
                    .isTrue());
    assertThat(resourceQuota(kept).getSpec().getHard()).isEqualTo(sized);

    // Disabled: removed from every member; enabled again: back.
    patchQuota("{\"spec\": {\"memberQuota\": {\"enabled\": false}}}");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(resourceQuota("eu-1")).isNull();
              assertThat(resourceQuota("eu-2")).isNull();
              assertThat(quotaStatus().path("memberQuotas").isEmpty()).isTrue();
            });
    scale(4);
    patchQuota("{\"spec\": {\"memberQuota\": {\"enabled\": true, \"headroomPercent\": null}}}");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(resourceQuota("eu-1")).isNotNull();
              assertThat(resourceQuota("eu-2")).isNotNull();
            });
    // Without headroom now: the shares themselves.
    await().atMost(PATIENCE).untilAsserted(() -> assertSized(4, 2, BigDecimal.ONE));

    // The quota deleted: removed from every member.
    assertThat(fleet.api().delete(QUOTAS + "/compute").status()).isEqualTo(200);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(resourceQuota("eu-1")).isNull();
              assertThat(resourceQuota("eu-2")).isNull();
            });
    assertThat(deployment("eu-1")).as("the workload stays").isNotNull();
  }

  @Test
  void eachMemberLeavesTheAutoscalerOfAnElasticShareTheRoomTheFederationAdmitted() {
    String namespace = "elastic";
    Response quota =
        fleet
            .api()
            .post(
                "/api/v1/namespaces/" + namespace + "/federatedresourcequotas",
                """
            {"metadata": {"name": "compute"},
             "spec": {"hard": {"requests.cpu": "8", "pods": "20"},
                      "memberQuota": {"enabled": true}}}
            """);
    assertThat(quota.status()).as(quota.body()).isEqualTo(201);
    String workloads = "/api/v1/namespaces/" + namespace + "/workloads";
    Response workload =
        fleet
            .api()
            .post(
                workloads,
                """
            {"metadata": {"name": "web"},
             "spec": {"replicas": 2,
                      "autoscaling": {"mode": "Member"},
                      "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "spec": {"selector": {"matchLabels": {"app": "web"}},
                                            "template": {"metadata": {"labels": {"app": "web"}},
                                                         "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                                  "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}},
                      "resources": [{"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                                     "metadata": {"name": "web"},
                                     "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                                              "minReplicas": 1, "maxReplicas": 5}}],
                      "placement": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
                                    "minReplicasPerCluster": 1}}}
            """);
    assertThat(workload.status()).as(workload.body()).isEqualTo(201);

    // One replica placed in each member, whose autoscaler may take it to 5: room for 5 there.
    await().atMost(PATIENCE).untilAsserted(() -> assertRoomForEachShare(namespace, 5));

    Response lowered =
        fleet
            .api()
            .jsonPatch(
                workloads + "/web",
                "[{\"op\": \"replace\", \"path\": \"/spec/resources/0/spec/maxReplicas\","
                    + " \"value\": 3}]");
    assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
    await().atMost(PATIENCE).untilAsserted(() -> assertRoomForEachShare(namespace, 3));
  }

  private static void assertRoomForEachShare(String namespace, int replicas) {
    for (String name : NAMES) {
      ResourceQuota quota =
          fleet
              .member(name)
              .resourceQuotas()
              .inNamespace(namespace)
              .withName("ubernetes-compute")
              .get();
      assertThat(quota).as(name).isNotNull();
      Map<String, Quantity> hard = quota.getSpec().getHard();
      assertThat(amount(hard.get("pods")))
          .as(name)
          .isEqualByComparingTo(BigDecimal.valueOf(replicas));
      assertThat(amount(hard.get("requests.cpu")))
          .as(name)
          .isEqualByComparingTo(CPU.multiply(BigDecimal.valueOf(replicas)));
    }
  }

  /** Each member holding replicas has its share with 50% headroom, the others none. */
  private static void assertSizedToTheirShares(int total, int holding) {
    assertSized(total, holding, new BigDecimal("1.5"));
  }

  private static void assertSized(int total, int holding, BigDecimal growth) {
    assertThat(replicas("eu-1") + replicas("eu-2")).isEqualTo(total);
    int members = 0;
    for (String name : NAMES) {
      int replicas = replicas(name);
      ResourceQuota quota = resourceQuota(name);
      if (replicas == 0) {
        assertThat(quota).as(name).isNull();
        continue;
      }
      members++;
      assertThat(quota).as(name).isNotNull();
      Map<String, Quantity> hard = quota.getSpec().getHard();
      BigDecimal share = BigDecimal.valueOf(replicas).multiply(growth);
      assertThat(hard).as(name).containsOnlyKeys("requests.cpu", "requests.memory", "pods");
      assertThat(amount(hard.get("requests.cpu")))
          .as(name)
          .isEqualByComparingTo(CPU.multiply(share));
      assertThat(amount(hard.get("requests.memory")))
          .as(name)
          .isEqualByComparingTo(MEMORY.multiply(share));
      assertThat(amount(hard.get("pods")))
          .as(name)
          .isEqualByComparingTo(share.setScale(0, RoundingMode.CEILING));
    }
    assertThat(members).isEqualTo(holding);
  }

  private static BigDecimal amount(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity);
  }

  private static ResourceQuota resourceQuota(String cluster) {
    return fleet
        .member(cluster)
        .resourceQuotas()
        .inNamespace(NAMESPACE)
        .withName("ubernetes-compute")
        .get();
  }

  private static Deployment deployment(String cluster) {
    return fleet.member(cluster).apps().deployments().inNamespace(NAMESPACE).withName("web").get();
  }

  private static int replicas(String cluster) {
    Deployment deployment = deployment(cluster);
    return deployment == null
        ? 0
        : Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 0);
  }

  private static void scale(int replicas) {
    Response scaled =
        fleet.api().mergePatch(WORKLOADS + "/web", "{\"spec\": {\"replicas\": " + replicas + "}}");
    assertThat(scaled.status()).as(scaled.body()).isEqualTo(200);
  }

  private static void patchQuota(String patch) {
    Response patched = fleet.api().mergePatch(QUOTAS + "/compute", patch);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
  }

  private static JsonNode quotaStatus() {
    return fleet.api().get(QUOTAS + "/compute").json().path("status");
  }
}
