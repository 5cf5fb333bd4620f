package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.placement.Resources;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Quotas at the door: every write of a FederatedWorkload that would take its namespace past a limit
 * is refused with 403 QuotaExceeded in Kubernetes' words and writes nothing, whatever the verb;
 * what lowers use always passes; the charges and status.admitted follow every write, and a recount
 * from the specs finds them equal.
 */
class QuotaAdmissionIT extends ApiIntegrationTest {
  @Autowired private DataSource dataSource;
  @Autowired private ChargeRecount recount;

  private String namespace;
  private String region;
  private String firstCluster;

  @BeforeEach
  void namespaceAndClusters() {
    namespace = unique("quota");
    // Clusters of a region of this test's own: other tests' clusters share the database.
    region = unique("quota-region");
    firstCluster = unique("qa");
    for (String cluster : List.of(firstCluster, unique("qb"))) {
      Response created = api.post("/api/v1/clusters", Manifests.cluster(cluster, region, "cloud"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
  }

  @Test
  void dividedWorkloadsAreChargedTheirReplicasAndTheOneThatWouldPassTheLimitIsRefused() {
    quota("compute", "{\"pods\": \"10\", \"cpu\": \"2\"}");

    Response first = create("web", 6, "100m", "Divided");
    Response second = create("api", 6, "100m", "Divided");

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(second.status()).as(second.body()).isEqualTo(403);
    assertThat(second.contentType()).startsWith("application/problem+json");
    assertThat(second.at("/reason")).isEqualTo("QuotaExceeded");
    assertThat(second.at("/detail"))
        .isEqualTo(
            "federatedworkloads \"api\" is forbidden: exceeded quota: compute, requested: pods=6,"
                + " used: pods=6, limited: pods=10");
    assertThat(api.get(workloads() + "/api").status()).as("nothing written").isEqualTo(404);
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "6", "requests.cpu", "600m"));
  }

  @Test
  void aDuplicatedWorkloadIsChargedItsReplicasInEveryClusterItMayLandOn() {
    quota("compute", "{\"pods\": \"5\"}");

    Response refused = create("web", 3, "100m", "Duplicated");
    Response capped = create("web", 2, "100m", "Duplicated");

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.at("/detail")).endsWith("requested: pods=6, used: pods=0, limited: pods=5");
    assertThat(capped.status()).as(capped.body()).isEqualTo(201);
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "4"));
  }

  @Test
  void aDuplicatedWorkloadIsChargedACopyOnlyInTheClustersOfTheSetsBoundToItsNamespace() {
    quota("compute", "{\"pods\": \"5\"}");
    Response labelled =
        api.mergePatch(
            "/api/v1/clusters/" + firstCluster,
            "{\"metadata\": {\"labels\": {\"quota-set\": \"" + namespace + "\"}}}");
    assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
    Response set =
        api.post(
            "/api/v1/clustersets",
            """
            {"metadata": {"name": "%s"},
             "spec": {"clusterSelector": {"matchLabels": {"quota-set": "%s"}}}}
            """
                .formatted(namespace, namespace));
    assertThat(set.status()).as(set.body()).isEqualTo(201);
    Response bound =
        api.post(
            "/api/v1/namespaces/" + namespace + "/clustersetbindings",
            """
            {"metadata": {"name": "%s"}, "spec": {"clusterSet": "%s"}}
            """
                .formatted(namespace, namespace));
    assertThat(bound.status()).as(bound.body()).isEqualTo(201);

    // Both clusters of the region match its selector, but only one is in the bound set.
    Response created = create("web", 3, "100m", "Duplicated");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "3"));
  }

  @Test
  void aScaleUpPastTheLimitIsRefusedAndAScaleDownAlwaysPassesEvenOverALoweredQuota() {
    quota("compute", "{\"pods\": \"10\"}");
    assertThat(create("web", 6, "100m", "Divided").status()).isEqualTo(201);

    Response up = api.mergePatch(workloads() + "/web", "{\"spec\": {\"replicas\": 12}}");
    Response lowered =
        api.mergePatch(quotas() + "/compute", "{\"spec\": {\"hard\": {\"pods\": \"4\"}}}");
    Response down = api.mergePatch(workloads() + "/web", "{\"spec\": {\"replicas\": 5}}");
    Response stillUp = api.mergePatch(workloads() + "/web", "{\"spec\": {\"replicas\": 6}}");

    assertThat(up.status()).as(up.body()).isEqualTo(403);
    assertThat(up.at("/detail")).endsWith("requested: pods=6, used: pods=6, limited: pods=10");
    assertThat(lowered.status()).as("a quota below its use is kept").isEqualTo(200);
    assertThat(lowered.header("Warning"))
        .contains("already ask for more than it allows (pods 6 > 4)");
    assertThat(down.status()).as(down.body()).isEqualTo(200);
    assertThat(stillUp.status()).as(stillUp.body()).isEqualTo(403);
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "5"));
    await()
        .untilAsserted(
            () ->
                assertThat(api.get(quotas() + "/compute").json().at("/status/hard/pods").asString())
                    .as("status.hard follows the spec once the write commits")
                    .isEqualTo("4"));
  }

  @Test
  void aLargerRequestPerReplicaIsRefusedNamingTheResource() {
    quota("compute", "{\"requests.cpu\": \"1\", \"memory\": \"1Gi\"}");
    assertThat(create("web", 4, "200m", "Divided").status()).isEqualTo(201);

    Response bigger =
        api.jsonPatch(
            workloads() + "/web",
            """
            [{"op": "replace",
              "path": "/spec/template/spec/template/spec/containers/0/resources/requests/cpu",
              "value": "300m"}]
            """);

    assertThat(bigger.status()).as(bigger.body()).isEqualTo(403);
    assertThat(bigger.at("/detail"))
        .endsWith(
            "exceeded quota: compute, requested: requests.cpu=400m, used: requests.cpu=800m,"
                + " limited: requests.cpu=1");
  }

  @Test
  void anOverrideThatRaisesTheRequestInSomeClustersChargesEveryReplicaTheLargest() {
    quota("compute", "{\"cpu\": \"2\"}");
    String overridden =
        workload("web", 2, "100m", "Divided")
            .replace(
                "\"placement\":",
                """
                "overrides": [{"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "%s"}},
                               "patch": [{"op": "replace",
                                          "path": "/spec/template/spec/containers/0/resources/requests/cpu",
                                          "value": "1500m"}]}],
                "placement":"""
                    .formatted(region));

    Response refused = api.post(workloads(), overridden);

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.at("/detail"))
        .endsWith("requested: requests.cpu=3, used: requests.cpu=0, limited: requests.cpu=2");
  }

  @Test
  void everyQuotaOfTheNamespaceAppliesAndTheRefusalNamesEachOneExceeded() {
    quota("pods", "{\"pods\": \"4\"}");
    quota("cpu", "{\"cpu\": \"300m\", \"count/federatedworkloads\": \"5\"}");

    Response refused = create("web", 5, "100m", "Divided");

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.at("/detail"))
        .isEqualTo(
            "federatedworkloads \"web\" is forbidden: exceeded quota: cpu, requested:"
                + " requests.cpu=500m, used: requests.cpu=0, limited: requests.cpu=300m;"
                + " exceeded quota: pods, requested: pods=5, used: pods=0, limited: pods=4");
  }

  @Test
  void aResourceTheQuotaDoesNotNameIsNotLimitedAndTheWorkloadCountIs() {
    quota("count", "{\"count/federatedworkloads\": \"1\"}");

    Response large = create("web", 500, "8", "Divided");
    Response another = create("api", 1, "100m", "Divided");

    assertThat(large.status()).as(large.body()).isEqualTo(201);
    assertThat(another.status()).isEqualTo(403);
    assertThat(another.at("/detail"))
        .endsWith(
            "requested: count/federatedworkloads=1, used: count/federatedworkloads=1,"
                + " limited: count/federatedworkloads=1");
    assertThat(admitted("count")).isEqualTo(Map.of("count/federatedworkloads", "1"));
  }

  @Test
  void aDryRunIsRefusedTheSameAndOneThatFitsChargesNothing() {
    quota("compute", "{\"pods\": \"4\"}");

    Response refused = api.post(workloads() + "?dryRun=All", workload("web", 5, "100m", "Divided"));
    Response fits = api.post(workloads() + "?dryRun=All", workload("web", 4, "100m", "Divided"));

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.at("/reason")).isEqualTo("QuotaExceeded");
    assertThat(fits.status()).as(fits.body()).isEqualTo(201);
    assertThat(storedCharges()).isEmpty();
    assertThat(create("web", 4, "100m", "Divided").status()).isEqualTo(201);
  }

  @Test
  void serverSideApplyAndUpdateAreRefusedAlikeAndTheKubernetesPathAnswersAStatus() {
    quota("compute", "{\"pods\": \"4\"}");
    assertThat(create("web", 2, "100m", "Divided").status()).isEqualTo(201);

    Response applied =
        api.send(
            "PATCH",
            "/apis/ubernetes.io/v1/namespaces/"
                + namespace
                + "/federatedworkloads/api?fieldManager=ci",
            "application/apply-patch+yaml",
            workload("api", 3, "100m", "Divided"),
            "application/json");
    JsonNode stored = api.get(workloads() + "/web").json();
    Response updated =
        api.put(
            workloads() + "/web",
            workload("web", 5, "100m", "Divided")
                .replace(
                    "\"name\": \"web\"",
                    "\"name\": \"web\", \"resourceVersion\": \""
                        + stored.at("/metadata/resourceVersion").asString()
                        + "\""));

    assertThat(applied.status()).as(applied.body()).isEqualTo(403);
    assertThat(applied.json().at("/kind").asString()).isEqualTo("Status");
    // As Kubernetes answers a quota's refusal: a Status of reason Forbidden, in the same words,
    // the resource named with its group.
    assertThat(applied.json().at("/reason").asString()).isEqualTo("Forbidden");
    assertThat(applied.json().at("/message").asString())
        .isEqualTo(
            "federatedworkloads.ubernetes.io \"api\" is forbidden: exceeded quota: compute,"
                + " requested: pods=3, used: pods=2, limited: pods=4");
    assertThat(updated.status()).as(updated.body()).isEqualTo(403);
  }

  @Test
  void aNamespaceWithoutQuotaIsChargedAllTheSameAndAQuotaCreatedBelowItsUseWarns() {
    assertThat(create("web", 6, "100m", "Divided").status()).isEqualTo(201);
    assertThat(create("api", 2, "250m", "Divided").status()).isEqualTo(201);

    Response created =
        api.post(
            quotas(),
            "{\"metadata\": {\"name\": \"compute\"}, \"spec\": {\"hard\": {\"pods\": \"5\"}}}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Warning")).contains("(pods 8 > 5)");
    // The quota's status follows once its create commits.
    await().untilAsserted(() -> assertThat(admitted("compute")).isEqualTo(Map.of("pods", "8")));
  }

  @Test
  void deletingAWorkloadReleasesItsChargeAndARecountFromTheSpecsFindsChargesAndStatusEqual() {
    quota("compute", "{\"pods\": \"10\", \"cpu\": \"10\"}");
    assertThat(create("web", 6, "100m", "Duplicated").status()).as("12 pods").isEqualTo(403);
    assertThat(create("web", 3, "100m", "Duplicated").status()).isEqualTo(201);
    assertThat(create("api", 4, "500m", "Divided").status()).isEqualTo(201);
    assertThat(api.delete(workloads() + "/api").status()).isEqualTo(200);
    assertThat(create("db", 4, "1", "Divided").status()).isEqualTo(201);
    UUID web = UUID.fromString(api.get(workloads() + "/web").json().at("/metadata/uid").asString());
    // A charge gone wrong behind the service's back: the recount on start repairs it.
    jdbc().sql("update workload_charges set pods = 1 where workload_uid = ?").param(web).update();

    int repaired = recount.recount(namespace);

    assertThat(repaired).isEqualTo(1);
    assertThat(storedCharges()).isEqualTo(recount.expected(namespace));
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "10", "requests.cpu", "4600m"));
  }

  @Test
  void aDuplicatedWorkloadIsChargedAgainWhenAClusterJoinsAndWhenABindingGoesNeverRefused() {
    quota("compute", "{\"pods\": \"7\"}");
    assertThat(create("web", 3, "100m", "Duplicated").status()).isEqualTo(201);
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "6"));

    // A third cluster joins: a third copy, past the quota, shown and not refused.
    Response joined =
        api.post("/api/v1/clusters", Manifests.cluster(unique("qc"), region, "cloud"));
    assertThat(joined.status()).as(joined.body()).isEqualTo(201);
    await().untilAsserted(() -> assertThat(admitted("compute")).isEqualTo(Map.of("pods", "9")));
    assertThat(api.get(workloads() + "/web").status()).as("nothing evicted").isEqualTo(200);

    // Bound to one set of the first cluster and one of the whole region: still three copies.
    Response labelled =
        api.mergePatch(
            "/api/v1/clusters/" + firstCluster,
            "{\"metadata\": {\"labels\": {\"quota-set\": \"" + namespace + "\"}}}");
    assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
    String first = set("{\"quota-set\": \"" + namespace + "\"}");
    String whole = set("{\"topology.kubernetes.io/region\": \"" + region + "\"}");
    bind(first);
    bind(whole);
    // Each binding is followed by a recount of its own: the one after the first alone counts 3.
    await().untilAsserted(() -> assertThat(admitted("compute")).isEqualTo(Map.of("pods", "9")));

    // The region's binding goes: one copy is left, and later admissions count it so.
    Response unbound =
        api.delete("/api/v1/namespaces/" + namespace + "/clustersetbindings/" + whole);
    assertThat(unbound.status()).as(unbound.body()).isEqualTo(200);
    await().untilAsserted(() -> assertThat(admitted("compute")).isEqualTo(Map.of("pods", "3")));
    assertThat(create("api", 4, "100m", "Divided").status())
        .as("3 + 4 pods fit 7 once web is charged one copy")
        .isEqualTo(201);
    assertThat(storedCharges()).isEqualTo(recount.expected(namespace));
  }

  @Test
  void anOverridePolicysJsonPatchRaisingTheRequestInOneClusterIsChargedForEveryReplica() {
    quota("compute", "{\"cpu\": \"2\"}");
    assertThat(create("web", 4, "100m", "Divided").status()).isEqualTo(201);
    assertThat(admitted("compute")).isEqualTo(Map.of("requests.cpu", "400m"));

    Response policy =
        api.post(
            "/api/v1/namespaces/" + namespace + "/overridepolicies",
            """
            {"metadata": {"name": "bigger"},
             "spec": {"rules": [{"clusters": {"names": ["%s"]},
                                 "jsonPatch": [{"op": "replace",
                                                "path": "/spec/template/spec/containers/0/resources/requests/cpu",
                                                "value": "500m"}]}]}}
            """
                .formatted(firstCluster));
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    // Every replica may land on the cluster the policy raises: each is charged 500m.
    await()
        .untilAsserted(
            () -> assertThat(admitted("compute")).isEqualTo(Map.of("requests.cpu", "2")));
    Response scaled = api.mergePatch(workloads() + "/web", "{\"spec\": {\"replicas\": 5}}");
    assertThat(scaled.status()).as(scaled.body()).isEqualTo(403);
    assertThat(scaled.at("/detail")).contains("requested: requests.cpu=500m");

    assertThat(api.delete("/api/v1/namespaces/" + namespace + "/overridepolicies/bigger").status())
        .isEqualTo(200);
    await()
        .untilAsserted(
            () -> assertThat(admitted("compute")).isEqualTo(Map.of("requests.cpu", "400m")));
    assertThat(storedCharges()).isEqualTo(recount.expected(namespace));
  }

  @Test
  void newLabelsThatBringAWorkloadUnderAPolicyRaisingItsRequestAreChargedLikeAnyWrite() {
    quota("compute", "{\"cpu\": \"2\"}");
    assertThat(create("web", 4, "100m", "Divided").status()).isEqualTo(201);
    Response policy =
        api.post(
            "/api/v1/namespaces/" + namespace + "/overridepolicies",
            """
            {"metadata": {"name": "big"},
             "spec": {"workloadSelector": {"matchLabels": {"size": "big"}},
                      "rules": [{"jsonPatch": [{"op": "replace",
                                                "path": "/spec/template/spec/containers/0/resources/requests/cpu",
                                                "value": "600m"}]}]}}
            """);
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    assertThat(admitted("compute")).isEqualTo(Map.of("requests.cpu", "400m"));

    Response refused =
        api.mergePatch(workloads() + "/web", "{\"metadata\": {\"labels\": {\"size\": \"big\"}}}");
    Response scaledDown = api.mergePatch(workloads() + "/web", "{\"spec\": {\"replicas\": 3}}");
    Response relabelled =
        api.mergePatch(workloads() + "/web", "{\"metadata\": {\"labels\": {\"size\": \"big\"}}}");

    assertThat(refused.status()).as("4 x 600m > 2").isEqualTo(403);
    assertThat(refused.at("/detail")).contains("requested: requests.cpu=2");
    assertThat(scaledDown.status()).as(scaledDown.body()).isEqualTo(200);
    assertThat(relabelled.status()).as(relabelled.body()).isEqualTo(200);
    assertThat(admitted("compute")).isEqualTo(Map.of("requests.cpu", "1800m"));
    assertThat(storedCharges()).isEqualTo(recount.expected(namespace));
  }

  @Test
  void anElasticWorkloadIsChargedWhatItsAutoscalersMayReachInEveryClusterItMayHoldAShareIn() {
    quota("compute", "{\"pods\": \"10\", \"cpu\": \"10\"}");

    // Two replicas divided over the region's two clusters: each share's autoscaler may reach 6.
    Response divided = api.post(workloads(), elastic("web", 2, 6, "Divided"));
    // One replica is one share: one autoscaler, which may reach 6.
    Response single = api.post(workloads(), elastic("web", 1, 6, "Divided"));
    // A copy in each of the two clusters, each with an autoscaler that may reach 2.
    Response duplicated = api.post(workloads(), elastic("api", 1, 2, "Duplicated"));
    Response past = api.post(workloads(), elastic("db", 1, 1, "Duplicated"));

    assertThat(divided.status()).as(divided.body()).isEqualTo(403);
    assertThat(divided.at("/detail"))
        .isEqualTo(
            "federatedworkloads \"web\" is forbidden: exceeded quota: compute, requested: pods=12,"
                + " used: pods=0, limited: pods=10");
    assertThat(single.status()).as(single.body()).isEqualTo(201);
    assertThat(duplicated.status()).as(duplicated.body()).isEqualTo(201);
    assertThat(past.status()).as(past.body()).isEqualTo(403);
    assertThat(past.at("/detail")).endsWith("requested: pods=2, used: pods=10, limited: pods=10");
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "10", "requests.cpu", "1"));
  }

  @Test
  void raisingTheAutoscalersMaxReplicasPastTheQuotaIsRefusedAndLoweringItAlwaysPasses() {
    quota("compute", "{\"pods\": \"10\"}");
    assertThat(api.post(workloads(), elastic("web", 2, 4, "Divided")).status()).isEqualTo(201);
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "8"));

    Response raised = maxReplicas("web", 6);
    Response lowered =
        api.mergePatch(quotas() + "/compute", "{\"spec\": {\"hard\": {\"pods\": \"5\"}}}");
    Response down = maxReplicas("web", 3);
    Response stillUp = maxReplicas("web", 4);

    assertThat(raised.status()).as(raised.body()).isEqualTo(403);
    assertThat(raised.at("/detail")).endsWith("requested: pods=4, used: pods=8, limited: pods=10");
    assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
    assertThat(down.status()).as("lowering passes even over a lowered quota").isEqualTo(200);
    assertThat(stillUp.status()).as(stillUp.body()).isEqualTo(403);
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "6"));
  }

  @Test
  void
      anElasticWorkloadIsChargedAgainWhenAClusterJoinsOrAPolicyRaisesItsAutoscalerAndARecountAgrees() {
    quota("compute", "{\"pods\": \"30\"}");
    assertThat(api.post(workloads(), elastic("web", 3, 3, "Divided")).status()).isEqualTo(201);
    assertThat(admitted("compute"))
        .as("two clusters of three replicas")
        .isEqualTo(Map.of("pods", "6"));

    Response joined =
        api.post("/api/v1/clusters", Manifests.cluster(unique("qc"), region, "cloud"));
    assertThat(joined.status()).as(joined.body()).isEqualTo(201);
    await().untilAsserted(() -> assertThat(admitted("compute")).isEqualTo(Map.of("pods", "9")));

    // A policy that lets the autoscaler of one cluster reach 8: every share may be that one.
    Response policy =
        api.post(
            "/api/v1/namespaces/" + namespace + "/overridepolicies",
            """
            {"metadata": {"name": "burst"},
             "spec": {"rules": [{"clusters": {"names": ["%s"]},
                                 "target": {"kind": "HorizontalPodAutoscaler", "name": "web"},
                                 "jsonPatch": [{"op": "replace", "path": "/spec/maxReplicas", "value": 8}]}]}}
            """
                .formatted(firstCluster));
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    await().untilAsserted(() -> assertThat(admitted("compute")).isEqualTo(Map.of("pods", "24")));

    UUID web = UUID.fromString(api.get(workloads() + "/web").json().at("/metadata/uid").asString());
    // Charged as before this change: its replicas only. The recount on start repairs it.
    jdbc().sql("update workload_charges set pods = 3 where workload_uid = ?").param(web).update();
    assertThat(recount.recount(namespace)).isEqualTo(1);
    assertThat(storedCharges()).isEqualTo(recount.expected(namespace));
    assertThat(storedCharges().get(web))
        .isEqualTo(
            new WorkloadCharge(QuotaAmounts.of(Resources.perReplica(100, 64L << 20), 24, 1), 8));
    assertThat(admitted("compute")).isEqualTo(Map.of("pods", "24"));
  }

  @Test
  void
      anOverridePolicyThatWouldTakeTheNamespacePastItsQuotaIsRefusedAndOneThatKeepsOrLowersPasses() {
    quota("compute", "{\"cpu\": \"2\"}");
    assertThat(create("web", 4, "100m", "Divided").status()).isEqualTo(201);

    Response refused = api.post(policies(), cpuPolicy("bigger", "1"));
    Response dryRun = api.post(policies() + "?dryRun=All", cpuPolicy("bigger", "1"));
    Response applied =
        api.send(
            "PATCH",
            "/apis/ubernetes.io/v1/namespaces/"
                + namespace
                + "/overridepolicies/bigger?fieldManager=ci",
            "application/apply-patch+yaml",
            cpuPolicy("bigger", "1"),
            "application/json");

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.at("/reason")).isEqualTo("QuotaExceeded");
    // requested is what the policy adds to the namespace: 4 replicas each 900m more.
    assertThat(refused.at("/detail"))
        .isEqualTo(
            "overridepolicies \"bigger\" is forbidden: exceeded quota: compute, requested:"
                + " requests.cpu=3600m, used: requests.cpu=400m, limited: requests.cpu=2");
    assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(403);
    assertThat(dryRun.at("/reason")).isEqualTo("QuotaExceeded");
    assertThat(applied.status()).as(applied.body()).isEqualTo(403);
    assertThat(applied.json().at("/reason").asString()).isEqualTo("Forbidden");
    assertThat(applied.json().at("/message").asString())
        .isEqualTo(
            "overridepolicies.ubernetes.io \"bigger\" is forbidden: exceeded quota: compute,"
                + " requested: requests.cpu=3600m, used: requests.cpu=400m,"
                + " limited: requests.cpu=2");
    assertThat(api.get(policies() + "/bigger").status()).as("nothing written").isEqualTo(404);
    assertThat(admitted("compute")).isEqualTo(Map.of("requests.cpu", "400m"));

    // Up to the limit passes, charged in the policy's own write; a change past it does not.
    Response fits = api.post(policies(), cpuPolicy("bigger", "500m"));
    Map<String, String> admittedWithIt = admitted("compute");
    Response raised = api.jsonPatch(policies() + "/bigger", cpuPatch("600m"));
    Response lowered = api.jsonPatch(policies() + "/bigger", cpuPatch("200m"));
    Response quotaLowered =
        api.mergePatch(quotas() + "/compute", "{\"spec\": {\"hard\": {\"cpu\": \"500m\"}}}");
    Response kept =
        api.mergePatch(
            policies() + "/bigger", "{\"spec\": {\"workloadSelector\": {\"names\": [\"web\"]}}}");

    assertThat(fits.status()).as(fits.body()).isEqualTo(201);
    assertThat(admittedWithIt).isEqualTo(Map.of("requests.cpu", "2"));
    assertThat(raised.status()).as(raised.body()).isEqualTo(403);
    assertThat(raised.at("/detail"))
        .isEqualTo(
            "overridepolicies \"bigger\" is forbidden: exceeded quota: compute, requested:"
                + " requests.cpu=400m, used: requests.cpu=2, limited: requests.cpu=2");
    assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
    assertThat(quotaLowered.status()).as("a quota below its use is kept").isEqualTo(200);
    assertThat(kept.status()).as("keeps every charge, over a lowered quota").isEqualTo(200);
    assertThat(admitted("compute")).isEqualTo(Map.of("requests.cpu", "800m"));
    assertThat(storedCharges()).isEqualTo(recount.expected(namespace));
  }

  @Test
  void aRefusalIsAuditedAsARefusedWrite() {
    quota("compute", "{\"pods\": \"1\"}");
    assertThat(create("web", 2, "100m", "Divided").status()).isEqualTo(403);

    Response audit =
        api.get("/api/v1/audit?resource=FederatedWorkload&namespace=" + namespace + "&verb=create");

    assertThat(audit.status()).as(audit.body()).isEqualTo(200);
    assertThat(audit.json().path("items").valueStream().toList())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.path("status").asInt()).isEqualTo(403);
              assertThat(row.path("outcome").asString()).isEqualTo("denied");
            });
  }

  private void quota(String name, String hard) {
    Response created =
        api.post(
            quotas(),
            "{\"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {\"hard\": " + hard + "}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** A cluster set of this test selecting clusters by these labels; its name. */
  private String set(String matchLabels) {
    String name = unique("qset");
    Response created =
        api.post(
            "/api/v1/clustersets",
            "{\"metadata\": {\"name\": \""
                + name
                + "\"}, \"spec\": {\"clusterSelector\": {\"matchLabels\": "
                + matchLabels
                + "}}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return name;
  }

  private void bind(String set) {
    Response bound =
        api.post(
            "/api/v1/namespaces/" + namespace + "/clustersetbindings",
            Manifests.clusterSetBinding(set));
    assertThat(bound.status()).as(bound.body()).isEqualTo(201);
  }

  private Response create(String name, int replicas, String cpu, String mode) {
    return api.post(workloads(), workload(name, replicas, cpu, mode));
  }

  private String workload(String name, int replicas, String cpu, String mode) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "%s", "memory": "64Mi"}}}]}}}},
                  "placement": {"mode": "%s",
                                "clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "%s"}}}}}
        """
        .formatted(name, replicas, name, name, cpu, mode, region);
  }

  /**
   * A workload whose replicas the members' autoscalers own, with a HorizontalPodAutoscaler for its
   * template among its resources.
   */
  private String elastic(String name, int replicas, int maxReplicas, String mode) {
    return workload(name, replicas, "100m", mode)
        .replace(
            "\"placement\":",
            """
            "autoscaling": {"mode": "Member"},
            "resources": [{"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                           "metadata": {"name": "%s"},
                           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "%s"},
                                    "minReplicas": 1, "maxReplicas": %d}}],
            "placement":"""
                .formatted(name, name, maxReplicas));
  }

  private Response maxReplicas(String workload, int maxReplicas) {
    return api.jsonPatch(
        workloads() + "/" + workload,
        "[{\"op\": \"replace\", \"path\": \"/spec/resources/0/spec/maxReplicas\", \"value\": "
            + maxReplicas
            + "}]");
  }

  private Map<String, String> admitted(String quota) {
    JsonNode status = api.get(quotas() + "/" + quota).json().at("/status/admitted");
    return ApiClient.tree(status.toString())
        .propertyStream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue().asString()));
  }

  private Map<UUID, WorkloadCharge> storedCharges() {
    return jdbc()
        .sql(
            "select workload_uid, cpu_millis, memory_bytes, pods, workloads, member_max_replicas"
                + " from workload_charges where namespace = ?")
        .param(namespace)
        .query(
            rs -> {
              Map<UUID, WorkloadCharge> charges = new java.util.HashMap<>();
              while (rs.next()) {
                charges.put(
                    rs.getObject(1, UUID.class),
                    new WorkloadCharge(
                        new QuotaAmounts(
                            rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                        rs.getInt(6)));
              }
              return charges;
            });
  }

  private JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }

  /** An override policy of this test's namespace setting every replica's cpu request. */
  private static String cpuPolicy(String name, String cpu) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "OverridePolicy",
         "metadata": {"name": "%s"},
         "spec": {"rules": [{"jsonPatch": [{"op": "replace",
                                            "path": "/spec/template/spec/containers/0/resources/requests/cpu",
                                            "value": "%s"}]}]}}
        """
        .formatted(name, cpu);
  }

  /** A JSON patch of {@link #cpuPolicy} setting another cpu request. */
  private static String cpuPatch(String cpu) {
    return "[{\"op\": \"replace\", \"path\": \"/spec/rules/0/jsonPatch/0/value\", \"value\": \""
        + cpu
        + "\"}]";
  }

  private String policies() {
    return "/api/v1/namespaces/" + namespace + "/overridepolicies";
  }

  private String workloads() {
    return "/api/v1/namespaces/" + namespace + "/workloads";
  }

  private String quotas() {
    return "/api/v1/namespaces/" + namespace + "/federatedresourcequotas";
  }
}
