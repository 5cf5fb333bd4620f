package io.ubernetes.federation.override;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Override policies end to end in the service: their API, a policy change made a workload revision
 * that the scheduler's pass rolls out and that changes the work published to the clusters it
 * selects, and the render subresource that shows that work. The scheduler runs pass by pass.
 */
class OverridePolicyIT extends SchedulingIntegrationTest {
  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                             "spec": {"containers": [{"name": "web", "image": "shop/web:1",
                                      "resources": {"requests": {"cpu": "100m"}}}]}}}}
      """;

  private String eu;
  private String us;
  private String namespace;

  @BeforeEach
  void fleet() {
    eu = cluster(run + "-eu", "eu-west", "cloud", 8, 0.01);
    us = cluster(run + "-us", "us-east", "onprem", 8, 0.01);
    namespace = run;
  }

  @AfterEach
  void removeThisRunsClusters() {
    api.delete("/api/v1/clusters/" + eu);
    api.delete("/api/v1/clusters/" + us);
  }

  @Test
  void aPolicyChangeIsANewRevisionThatTheSchedulerRollsOutToTheClustersItSelects()
      throws SQLException {
    String uid = web("");
    schedule();
    assertThat(publishedImage(uid, eu)).isEqualTo("shop/web:1");

    Response created =
        api.post(
            policies(),
            """
            {"metadata": {"name": "eu-registry"},
             "spec": {"rules": [{"clusters": {"regions": ["eu-west"]},
                                 "image": {"registry": "eu.gcr.io"}}]}}
            """);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode second = newestRevision();
    schedule();
    String euAtTwo = publishedImage(uid, eu);
    String usAtTwo = publishedImage(uid, us);
    int euRevision = publishedRevision(uid, eu);

    Response changed =
        api.mergePatch(
            policies() + "/eu-registry",
            """
            {"spec": {"rules": [{"clusters": {"regions": ["eu-west"]},
                                 "image": {"registry": "eu.gcr.io", "tag": "1.4"}}]}}
            """);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    JsonNode third = newestRevision();
    schedule();
    String euAtThree = publishedImage(uid, eu);

    assertThat(api.delete(policies() + "/eu-registry").status()).isEqualTo(200);
    JsonNode fourth = newestRevision();
    schedule();

    assertThat(second.path("revision").asInt()).isEqualTo(2);
    assertThat(second.path("changes").toString()).contains("override policy eu-registry applies");
    assertThat(euAtTwo).isEqualTo("eu.gcr.io/shop/web:1");
    assertThat(usAtTwo).as("a cluster the rule does not select").isEqualTo("shop/web:1");
    assertThat(euRevision).isEqualTo(2);
    assertThat(third.path("revision").asInt()).isEqualTo(3);
    assertThat(third.path("changes").toString()).contains("override policy eu-registry changed");
    assertThat(euAtThree).isEqualTo("eu.gcr.io/shop/web:1.4");
    assertThat(fourth.path("revision").asInt()).isEqualTo(4);
    assertThat(fourth.path("changes").toString())
        .contains("override policy eu-registry no longer applies");
    assertThat(publishedImage(uid, eu)).isEqualTo("shop/web:1");
    assertThat(workload().at("/metadata/generation").asInt())
        .as("the workload's spec never changed")
        .isEqualTo(1);
  }

  @Test
  void aClusterOverridePolicyWrittenAfterItsWorkloadsIsTheirNewRevisionAndRollsOut()
      throws SQLException {
    String uid = web("");
    schedule();
    String policy = run + "-eu-registry";

    Response created =
        api.post(
            "/apis/ubernetes.io/v1/clusteroverridepolicies",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workloadSelector": {"namespaces": ["%s"]},
                      "rules": [{"clusters": {"regions": ["eu-west"]},
                                 "image": {"registry": "eu.gcr.io"}}]}}
            """
                .formatted(policy, namespace));
    JsonNode second = newestRevision();
    schedule();
    String euImage = publishedImage(uid, eu);
    Response deleted = api.delete("/apis/ubernetes.io/v1/clusteroverridepolicies/" + policy);
    JsonNode third = newestRevision();

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(second.path("revision").asInt()).isEqualTo(2);
    assertThat(second.path("changes").toString())
        .contains("cluster override policy " + policy + " applies");
    assertThat(euImage).isEqualTo("eu.gcr.io/shop/web:1");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(third.path("revision").asInt()).isEqualTo(3);
  }

  @Test
  void aWorkloadWhoseLabelsChangeStartsBeingSelectedInANewRevision() throws SQLException {
    String policy = run + "-onprem";
    Response created =
        api.post(
            "/apis/ubernetes.io/v1/clusteroverridepolicies",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workloadSelector": {"namespaces": ["%s"], "matchLabels": {"team": "eu"}},
                      "rules": [{"clusters": {"tiers": ["onprem"]},
                                 "env": {"container": "web", "set": [{"name": "SITE", "value": "onprem"}]}}]}}
            """
                .formatted(policy, namespace));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String uid = web("");
    schedule();
    int before = newestRevision().path("revision").asInt();

    Response labelled =
        api.mergePatch(workloadPath(), "{\"metadata\": {\"labels\": {\"team\": \"eu\"}}}");
    assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
    JsonNode after = newestRevision();
    schedule();

    assertThat(before).isEqualTo(1);
    assertThat(after.path("revision").asInt()).isEqualTo(2);
    assertThat(after.path("changes").toString())
        .contains("cluster override policy " + policy + " applies");
    assertThat(published(uid, us).at("/spec/template/spec/containers/0/env/0/value").asString())
        .isEqualTo("onprem");
    assertThat(published(uid, eu).at("/spec/template/spec/containers/0/env").isMissingNode())
        .isTrue();
    api.delete("/apis/ubernetes.io/v1/clusteroverridepolicies/" + policy);
  }

  @Test
  void aClusterFederatedWorkloadWhoseLabelsChangeStartsBeingSelectedInANewRevision()
      throws SQLException {
    String policy = run + "-labelled";
    Response created =
        api.post(
            "/apis/ubernetes.io/v1/clusteroverridepolicies",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workloadSelector": {"matchLabels": {"team": "%s"}},
                      "rules": [{"clusters": {"tiers": ["onprem"]},
                                 "labels": {"set": {"example.com/site": "onprem"}}}]}}
            """
                .formatted(policy, run));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String name = run + "-crd-reader";
    String path = "/apis/ubernetes.io/v1/clusterfederatedworkloads/" + name;
    Response workload =
        api.post(
            "/apis/ubernetes.io/v1/clusterfederatedworkloads",
            """
            {"metadata": {"name": "%s"},
             "spec": {"template": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                                   "metadata": {"name": "%s"},
                                   "rules": [{"apiGroups": ["apiextensions.k8s.io"],
                                              "resources": ["customresourcedefinitions"], "verbs": ["get"]}]},
                      "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}}}}}
            """
                .formatted(name, name, run));
    assertThat(workload.status()).as(workload.body()).isEqualTo(201);
    String uid = workload.json().at("/metadata/uid").asString();
    schedule();
    int before = api.get(path + "/revisions").json().at("/items/0/revision").asInt();

    Response labelled =
        api.mergePatch(path, "{\"metadata\": {\"labels\": {\"team\": \"" + run + "\"}}}");
    assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
    JsonNode after = api.get(path + "/revisions").json().path("items").get(0);
    schedule();

    assertThat(before).isEqualTo(1);
    assertThat(after.path("revision").asInt()).isEqualTo(2);
    assertThat(after.path("changes").toString())
        .contains("cluster override policy " + policy + " applies");
    assertThat(published(uid, us).at("/metadata/labels/example.com~1site").asString())
        .isEqualTo("onprem");
    assertThat(published(uid, eu).at("/metadata/labels/example.com~1site").isMissingNode())
        .isTrue();
    api.delete(path);
    api.delete("/apis/ubernetes.io/v1/clusteroverridepolicies/" + policy);
  }

  @Test
  void renderShowsWhatAClusterGetsWithTheRulesThatApplied() {
    String secret =
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "token"},
         "stringData": {"token": "s3cret"}}
        """;
    web(", \"resources\": [" + secret + "]");
    Response policy =
        api.post(
            policies(),
            """
            {"metadata": {"name": "eu"},
             "spec": {"workloadSelector": {"names": ["web"]},
                      "rules": [{"clusters": {"names": ["%s"]},
                                 "args": {"container": "web", "values": ["--region=eu"]}},
                                {"labels": {"set": {"team": "eu"}}}]}}
            """
                .formatted(eu));
    assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    Response unplaced = api.get(renderPath() + "?cluster=" + eu);
    schedule();

    Response rendered = api.get(renderPath() + "?cluster=" + eu);
    Response yaml =
        api.get(
            "/api/v1/namespaces/" + namespace + "/workloads/web/render?cluster=" + us,
            "application/yaml");
    Response missing = api.get(renderPath());
    Response unknown = api.get(renderPath() + "?cluster=nowhere");

    assertThat(unplaced.status()).as(unplaced.body()).isEqualTo(200);
    assertThat(unplaced.json().path("placed").asBoolean()).isFalse();
    assertThat(unplaced.json().path("replicas").asInt()).isZero();
    assertThat(rendered.status()).as(rendered.body()).isEqualTo(200);
    JsonNode work = rendered.json();
    assertThat(work.path("kind").asString()).isEqualTo("RenderedWork");
    assertThat(work.path("cluster").asString()).isEqualTo(eu);
    assertThat(work.path("placed").asBoolean()).isTrue();
    assertThat(work.path("replicas").asInt()).isEqualTo(2);
    assertThat(work.path("workloadRevision").asInt()).isEqualTo(2);
    assertThat(work.path("appliedOverrides"))
        .extracting(a -> a.path("source").asString() + "#" + a.path("rule").asInt())
        .containsExactly(
            "OverridePolicy/" + namespace + "/eu#0", "OverridePolicy/" + namespace + "/eu#1");
    JsonNode deployment = work.path("items").get(work.path("items").size() - 1);
    assertThat(deployment.at("/spec/template/spec/containers/0/args/0").asString())
        .isEqualTo("--region=eu");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode token = work.path("items").get(0);
    assertThat(token.at("/metadata/labels/team").asString()).isEqualTo("eu");
    assertThat(token.at("/stringData/token").asString()).isNotEqualTo("s3cret");
    assertThat(yaml.status()).as(yaml.body()).isEqualTo(200);
    assertThat(yaml.body()).contains("kind: RenderedWork").doesNotContain("--region=eu");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorFields()).containsExactly("cluster");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void renderOfAClusterFederatedWorkloadShowsWhatItsClustersGetWithTheClusterPoliciesRules()
      throws SQLException {
    String name = run + "-rbac";
    Response created =
        api.post(
            "/apis/ubernetes.io/v1/clusterfederatedworkloads",
            """
            {"metadata": {"name": "%s"},
             "spec": {"template": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                                   "metadata": {"name": "%s-reader"},
                                   "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]},
                      "resources": [{"apiVersion": "v1", "kind": "Secret",
                                     "metadata": {"name": "token", "namespace": "%s"},
                                     "stringData": {"token": "s3cret"}}],
                      "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}}}}}
            """
                .formatted(name, run, namespace, run));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String uid = created.json().at("/metadata/uid").asString();
    String policy = run + "-eu-site";
    Response clusterPolicy =
        api.post(
            "/apis/ubernetes.io/v1/clusteroverridepolicies",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workloadSelector": {"names": ["%s"]},
                      "rules": [{"clusters": {"regions": ["eu-west"]},
                                 "labels": {"set": {"example.com/site": "eu"}}}]}}
            """
                .formatted(policy, name));
    assertThat(clusterPolicy.status()).as(clusterPolicy.body()).isEqualTo(201);
    // A namespace's policy selects the workloads of its namespace only, never a cluster-scoped one.
    Response namespacePolicy =
        api.post(
            policies(),
            """
            {"metadata": {"name": "everything"},
             "spec": {"rules": [{"labels": {"set": {"example.com/team": "shop"}}}]}}
            """);
    assertThat(namespacePolicy.status()).as(namespacePolicy.body()).isEqualTo(201);
    String render = "/apis/ubernetes.io/v1/clusterfederatedworkloads/" + name + "/render";
    Response unplaced = api.get(render + "?cluster=" + eu);
    schedule();

    Response rendered = api.get(render + "?cluster=" + eu);
    Response yaml =
        api.get("/api/v1/clusterworkloads/" + name + "/render?cluster=" + us, "application/yaml");
    Response missing = api.get(render);
    Response unknownCluster = api.get(render + "?cluster=nowhere");
    Response unknownWorkload =
        api.get("/apis/ubernetes.io/v1/clusterfederatedworkloads/nothing/render?cluster=" + eu);

    assertThat(unplaced.status()).as(unplaced.body()).isEqualTo(200);
    assertThat(unplaced.json().path("placed").asBoolean()).isFalse();
    assertThat(rendered.status()).as(rendered.body()).isEqualTo(200);
    JsonNode work = rendered.json();
    assertThat(work.path("cluster").asString()).isEqualTo(eu);
    assertThat(work.path("placed").asBoolean()).isTrue();
    assertThat(work.at("/metadata/name").asString()).isEqualTo(name);
    assertThat(work.at("/metadata/namespace").isMissingNode()).isTrue();
    assertThat(work.path("appliedOverrides"))
        .extracting(a -> a.path("source").asString() + "#" + a.path("rule").asInt())
        .containsExactly("ClusterOverridePolicy/" + policy + "#0");
    JsonNode role = work.path("items").get(work.path("items").size() - 1);
    assertThat(role.path("kind").asString()).isEqualTo("ClusterRole");
    assertThat(role.at("/metadata/labels/example.com~1site").asString()).isEqualTo("eu");
    assertThat(role.at("/metadata/labels/example.com~1team").isMissingNode()).isTrue();
    JsonNode token = work.path("items").get(0);
    assertThat(token.at("/metadata/namespace").asString()).isEqualTo(namespace);
    assertThat(token.at("/stringData/token").asString()).isNotEqualTo("s3cret");
    assertThat(role)
        .as("the render is what the cluster's work carries")
        .isEqualTo(published(uid, eu));
    assertThat(yaml.status()).as(yaml.body()).isEqualTo(200);
    assertThat(yaml.body()).contains("kind: RenderedWork").doesNotContain("example.com/site");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorFields()).containsExactly("cluster");
    assertThat(unknownCluster.status()).isEqualTo(404);
    assertThat(unknownWorkload.status()).isEqualTo(404);
    api.delete("/apis/ubernetes.io/v1/clusterfederatedworkloads/" + name);
    api.delete("/apis/ubernetes.io/v1/clusteroverridepolicies/" + policy);
  }

  @Test
  void aRuleThatDoesNotApplyMakesTheClustersWorkAnErrorNamingThePolicyAndRule()
      throws SQLException {
    String uid = web("");
    Response created =
        api.post(
            policies(),
            """
            {"metadata": {"name": "broken"},
             "spec": {"rules": [{"clusters": {"regions": ["eu-west"]},
                                 "jsonPatch": [{"op": "replace", "path": "/spec/paused/x", "value": true}]}]}}
            """);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    schedule();

    assertThat(workError(uid, eu))
        .contains("OverridePolicy/" + namespace + "/broken rule 0 does not apply");
    assertThat(workError(uid, us)).isNull();
    assertThat(api.get(renderPath() + "?cluster=" + eu).json().path("error").asString())
        .contains("broken rule 0");
  }

  @Test
  void theKindsAreServedTheKubernetesWayAndRefuseWhatCannotWork() {
    Response created =
        api.post(
            policies(),
            """
            {"metadata": {"name": "eu"},
             "spec": {"rules": [{"labels": {"set": {"team": "eu"}}}]}}
            """);
    Response got = api.get(policies() + "/eu");
    Response listedEverywhere = api.get("/apis/ubernetes.io/v1/overridepolicies");
    Response table = api.get(policies(), "application/json;as=Table;v=v1;g=meta.k8s.io");
    Response replicas =
        api.post(
            policies(),
            """
            {"metadata": {"name": "scale"},
             "spec": {"rules": [{"jsonPatch": [{"op": "replace", "path": "/spec/replicas", "value": 9}]}]}}
            """);
    Response namespaces =
        api.post(
            policies(),
            """
            {"metadata": {"name": "wide"},
             "spec": {"workloadSelector": {"namespaces": ["other"]},
                      "rules": [{"labels": {"set": {"a": "b"}}}]}}
            """);
    Response digest =
        api.post(
            "/apis/ubernetes.io/v1/clusteroverridepolicies",
            """
            {"metadata": {"name": "%s-pin"},
             "spec": {"rules": [{"image": {"digest": "latest"}}]}}
            """
                .formatted(run));
    Response inline =
        api.post(
            "/api/v1/namespaces/" + namespace + "/workloads",
            """
            {"metadata": {"name": "inline"},
             "spec": {"template": %s,
                      "overrides": [{"patch": [{"op": "replace", "path": "/spec/replicas", "value": 5}]}]}}
            """
                .formatted(DEPLOYMENT));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(got.json().path("kind").asString()).isEqualTo("OverridePolicy");
    assertThat(got.json().at("/metadata/namespace").asString()).isEqualTo(namespace);
    assertThat(listedEverywhere.json().path("items"))
        .extracting(i -> i.at("/metadata/namespace").asString())
        .contains(namespace);
    assertThat(table.json().path("columnDefinitions"))
        .extracting(c -> c.path("name").asString())
        .containsExactly("Name", "Workloads", "Rules", "Age");
    assertThat(replicas.status()).isEqualTo(422);
    assertThat(replicas.errorFields()).containsExactly("spec.rules[0].jsonPatch[0].path");
    assertThat(replicas.body()).contains("scheduler's share");
    assertThat(namespaces.status()).isEqualTo(422);
    assertThat(namespaces.errorFields()).containsExactly("spec.workloadSelector.namespaces");
    assertThat(digest.status()).isEqualTo(422);
    assertThat(digest.errorFields()).containsExactly("spec.rules[0].image.digest");
    assertThat(inline.status()).as(inline.body()).isEqualTo(422);
    assertThat(inline.errorFields()).containsExactly("spec.overrides[0].patch[0].path");
    assertThat(inline.body()).contains("spec.autoscaling");
  }

  /** The workload {@code web} of this test, on both clusters; returns its uid. */
  private String web(String more) {
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/workloads",
            """
            {"metadata": {"name": "web"},
             "spec": {"replicas": 2, "template": %s,
                      "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}},
                                    "mode": "Duplicated"}%s}}
            """
                .formatted(DEPLOYMENT, run, more));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().at("/metadata/uid").asString();
  }

  private String policies() {
    return "/apis/ubernetes.io/v1/namespaces/" + namespace + "/overridepolicies";
  }

  private String workloadPath() {
    return "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads/web";
  }

  private String renderPath() {
    return workloadPath() + "/render";
  }

  private JsonNode workload() {
    return api.get(workloadPath()).json();
  }

  private JsonNode newestRevision() {
    Response revisions = api.get(workloadPath() + "/revisions");
    assertThat(revisions.status()).as(revisions.body()).isEqualTo(200);
    return revisions.json().path("items").get(0);
  }

  /** The template as published to a cluster: the last of its manifests. */
  private JsonNode published(String uid, String cluster) throws SQLException {
    JsonNode manifests =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(work(uid, cluster, "manifests::text"));
    return manifests.get(manifests.size() - 1);
  }

  private String publishedImage(String uid, String cluster) throws SQLException {
    return published(uid, cluster).at("/spec/template/spec/containers/0/image").asString();
  }

  private int publishedRevision(String uid, String cluster) throws SQLException {
    return Integer.parseInt(work(uid, cluster, "workload_revision::text"));
  }

  private String workError(String uid, String cluster) throws SQLException {
    return work(uid, cluster, "error");
  }

  private String work(String uid, String cluster, String column) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select "
                    + column
                    + " from cluster_work where workload_uid = ? and cluster = ?"
                    + " and not deleted")) {
      query.setObject(1, UUID.fromString(uid));
      query.setString(2, cluster);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).as("work of " + cluster).isTrue();
        return rows.getString(1);
      }
    }
  }
}
