package io.ubernetes.federation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The audit log: every attempted change leaves exactly one row, refused and failed ones included,
 * and nothing can change a row afterwards.
 */
class AuditIT extends ApiIntegrationTest {
  @Autowired private DataSource dataSource;

  @Test
  void everyChangeAndEveryRefusalLeavesExactlyOneRow() {
    String subject = unique("auditor");
    ApiClient operator = api.withToken(token(subject, "operator", List.of()));
    ApiClient viewer = api.withToken(token(subject + "-viewer", "viewer", List.of()));
    String ns = unique("audit");
    String path = "/api/v1/namespaces/" + ns + "/workloads";
    String name = unique("web");

    Response created = operator.post(path, Manifests.workload(name));
    String createdVersion = created.at("/metadata/resourceVersion");
    Response patched = operator.mergePatch(path + "/" + name, "{\"spec\": {\"replicas\": 5}}");
    Response same = operator.mergePatch(path + "/" + name, "{\"spec\": {\"replicas\": 5}}");
    Response invalid = operator.mergePatch(path + "/" + name, "{\"spec\": {\"replicas\": -5}}");
    Response duplicate = operator.post(path, Manifests.workload(name));
    Response forbidden =
        operator.post("/api/v1/clusters", Manifests.cluster(unique("c"), "eu", "onprem"));
    Response deleted = operator.delete(path + "/" + name);
    Response missing = operator.delete(path + "/" + name);
    Response simulated = operator.post("/api/v1/placement:simulate", "{}");
    Response read = operator.get(path);

    assertThat(List.of(created, patched, same, deleted).stream().map(Response::status))
        .containsExactly(201, 200, 200, 200);
    assertThat(List.of(invalid, duplicate, forbidden, missing).stream().map(Response::status))
        .containsExactly(422, 409, 403, 404);
    assertThat(simulated.status()).isNotEqualTo(401);
    assertThat(read.status()).isEqualTo(200);
    List<JsonNode> rows = events("subject=" + subject);
    assertThat(rows)
        .extracting(
            e ->
                e.path("verb").asString()
                    + " "
                    + e.path("status").asInt()
                    + " "
                    + e.path("outcome").asString())
        .containsExactly(
            "create 201 allowed",
            "patch 200 allowed",
            "patch 200 allowed",
            "patch 422 failed",
            "create 409 failed",
            "create 403 denied",
            "delete 200 allowed",
            "delete 404 failed");
    JsonNode create = rows.get(0);
    assertThat(create.path("resource").asString()).isEqualTo("FederatedWorkload");
    assertThat(create.path("namespace").asString()).isEqualTo(ns);
    assertThat(create.path("name").asString()).isEqualTo(name);
    assertThat(create.hasNonNull("resourceVersionBefore")).isFalse();
    assertThat(create.path("resourceVersionAfter").asString()).isEqualTo(createdVersion);
    assertThat(create.path("source").asString()).isEqualTo("127.0.0.1");
    assertThat(create.path("tokenId").asString()).isNotBlank();
    JsonNode patch = rows.get(1);
    assertThat(patch.path("resourceVersionBefore").asString()).isEqualTo(createdVersion);
    assertThat(patch.path("resourceVersionAfter").asString())
        .isEqualTo(patched.at("/metadata/resourceVersion"));
    assertThat(rows.get(2).path("resourceVersionAfter").asString())
        .as("nothing changed")
        .isEqualTo(rows.get(2).path("resourceVersionBefore").asString());
    assertThat(rows.get(5).path("resource").asString()).isEqualTo("MemberCluster");
    assertThat(viewer.get("/api/v1/audit").status()).isEqualTo(403);
  }

  @Test
  void everyQuotaAndTenancyChangeAndEveryQuotaRefusalLeavesARowNamingTheCallerAndObject() {
    String subject = unique("quota-admin");
    ApiClient admin = api.withToken(token(subject, "admin", List.of()));
    String ns = unique("audit-quota");
    // An operator of the namespace may not write its quotas.
    ApiClient tenant = api.withToken(token(subject + "-tenant", "operator", List.of(ns)));
    String quotas = "/api/v1/namespaces/" + ns + "/federatedresourcequotas";
    String set = unique("audit-set");
    String bindings = "/api/v1/namespaces/" + ns + "/clustersetbindings";
    String quota =
        """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedResourceQuota",
         "metadata": {"name": "compute"%s}, "spec": {"hard": {"pods": "%s"}}}
        """;
    Response created = admin.post(quotas, quota.formatted("", "1"));
    // Its status is written after the create commits: the version to replace is the one read once
    // it is.
    await()
        .untilAsserted(
            () ->
                assertThat(admin.get(quotas + "/compute").at("/status/hard/pods")).isEqualTo("1"));
    String version = admin.get(quotas + "/compute").at("/metadata/resourceVersion");

    List<Integer> statuses =
        List.of(
            created.status(),
            admin
                .put(
                    quotas + "/compute",
                    quota.formatted(", \"resourceVersion\": \"" + version + "\"", "2"))
                .status(),
            admin
                .mergePatch(quotas + "/compute", "{\"spec\": {\"hard\": {\"pods\": \"1\"}}}")
                .status(),
            tenant
                .mergePatch(quotas + "/compute", "{\"spec\": {\"hard\": {\"pods\": \"9\"}}}")
                .status(),
            admin
                .post("/api/v1/namespaces/" + ns + "/workloads", Manifests.workload("web"))
                .status(),
            admin.post("/api/v1/clustersets", Manifests.clusterSet(set, "eu-west")).status(),
            admin
                .mergePatch(
                    "/api/v1/clustersets/" + set,
                    "{\"spec\": {\"clusterSelector\": {\"matchLabels\": {\"tier\": \"x\"}}}}")
                .status(),
            admin.post(bindings, Manifests.clusterSetBinding(set)).status(),
            admin.delete(bindings + "/" + set).status(),
            admin.delete("/api/v1/clustersets/" + set).status(),
            admin.delete(quotas + "/compute").status());

    assertThat(statuses).containsExactly(201, 200, 200, 403, 403, 201, 200, 201, 200, 200, 200);
    List<String> rows = new java.util.ArrayList<>();
    for (String caller : List.of(subject, subject + "-tenant")) {
      events("subject=" + caller)
          .forEach(
              e ->
                  rows.add(
                      e.path("subject").asString()
                          + " "
                          + e.path("verb").asString()
                          + " "
                          + e.path("resource").asString()
                          + " "
                          + e.path("namespace").asString("")
                          + "/"
                          + e.path("name").asString("")
                          + " "
                          + e.path("status").asInt()
                          + " "
                          + e.path("outcome").asString()));
    }
    assertThat(rows)
        .containsExactly(
            subject + " create FederatedResourceQuota " + ns + "/compute 201 allowed",
            subject + " update FederatedResourceQuota " + ns + "/compute 200 allowed",
            subject + " patch FederatedResourceQuota " + ns + "/compute 200 allowed",
            subject + " create FederatedWorkload " + ns + "/web 403 denied",
            subject + " create ClusterSet /" + set + " 201 allowed",
            subject + " patch ClusterSet /" + set + " 200 allowed",
            subject + " create ClusterSetBinding " + ns + "/" + set + " 201 allowed",
            subject + " delete ClusterSetBinding " + ns + "/" + set + " 200 allowed",
            subject + " delete ClusterSet /" + set + " 200 allowed",
            subject + " delete FederatedResourceQuota " + ns + "/compute 200 allowed",
            subject + "-tenant patch FederatedResourceQuota " + ns + "/compute 403 denied");
  }

  @Test
  void recordsRequestsWithoutAValidCredentialAndAdmissionDecisions() {
    String cluster = unique("audited");
    api.withToken(null).post("/api/v1/clusters", Manifests.cluster(cluster, "eu", "onprem"));
    api.withToken("ubt_nosuchtoken_abcdefghijklmnopqrstuvwxyz")
        .delete("/api/v1/clusters/" + cluster);
    api.post("/api/v1/clusters/" + cluster + ":approve", "");

    List<JsonNode> rows = events("resource=MemberCluster&name=" + cluster);

    assertThat(rows)
        .extracting(
            e ->
                e.path("verb").asString()
                    + " "
                    + e.path("status").asInt()
                    + " "
                    + e.path("outcome").asString()
                    + " "
                    + e.path("subject").asString(null))
        .containsExactly("delete 401 denied null", "approve 404 failed bootstrap-admin");
    assertThat(events("resource=MemberCluster&verb=create&outcome=denied"))
        .as("a refused create names no object: its body was never read")
        .anySatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(401));
  }

  @Test
  void pagesAndFiltersTheLog() {
    String subject = unique("pager");
    ApiClient operator = api.withToken(token(subject, "operator", List.of()));
    String ns = unique("audit-page");
    for (int i = 0; i < 5; i++) {
      operator.post("/api/v1/namespaces/" + ns + "/workloads", Manifests.workload("w" + i));
    }

    Response first = api.get("/api/v1/audit?subject=" + subject + "&limit=2");
    Response second =
        api.get(
            "/api/v1/audit?subject="
                + subject
                + "&limit=2&continue="
                + first.at("/metadata/continue"));
    Response badSince = api.get("/api/v1/audit?since=yesterday");
    Response badOutcome = api.get("/api/v1/audit?outcome=maybe");
    Response badContinue = api.get("/api/v1/audit?continue=nonsense");

    assertThat(first.json().path("items").size()).isEqualTo(2);
    assertThat(second.json().path("items").size()).isEqualTo(2);
    assertThat(second.at("/items/0/id")).isNotEqualTo(first.at("/items/0/id"));
    assertThat(events("subject=" + subject + "&verb=create&outcome=allowed")).hasSize(5);
    assertThat(List.of(badSince, badOutcome, badContinue))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(400));
  }

  /**
   * The service's own role may only read and insert (its triggers hold for every role, in every
   * session: EmbeddedDatabaseAccessIT).
   */
  @Test
  void theLogIsAppendOnly() {
    api.withToken(null).post("/api/v1/clusters", "{}");
    JdbcClient jdbc = JdbcClient.create(dataSource);

    assertThatThrownBy(() -> jdbc.sql("update audit_events set subject = 'someone else'").update())
        .rootCause()
        .hasMessageContaining("permission denied for table audit_events");
    assertThatThrownBy(() -> jdbc.sql("delete from audit_events").update())
        .rootCause()
        .hasMessageContaining("permission denied for table audit_events");
  }

  private List<JsonNode> events(String query) {
    Response listed = api.get("/api/v1/audit?" + query);
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    return listed.json().path("items").valueStream().toList();
  }

  private String token(String name, String role, List<String> namespaces) {
    return api.issueToken(name, role, namespaces);
  }
}
