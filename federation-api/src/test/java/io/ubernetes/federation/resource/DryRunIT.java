package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dryRun=All} on every write, on both roots: every check of the real write runs, the answer
 * is what would be stored, and nothing is stored; the audit log records the attempt as a dry run.
 */
class DryRunIT extends ApiIntegrationTest {
  @Autowired private JdbcClient jdbc;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/namespaces/%s/workloads",
        "/apis/ubernetes.io/v1/namespaces/%s/federatedworkloads"
      })
  void aDryRunCreateAnswersTheObjectWithoutStoringIt(String collection) {
    String namespace = unique("dry");
    String name = unique("web");
    String path = collection.formatted(namespace);

    Response answered = api.post(path + "?dryRun=All", workload(name));

    assertThat(answered.status()).as(answered.body()).isEqualTo(201);
    assertThat(answered.at("/metadata/name")).isEqualTo(name);
    assertThat(answered.at("/metadata/uid")).isNotBlank();
    assertThat(answered.at("/metadata/resourceVersion")).isNull();
    assertThat(answered.at("/spec/replicas")).isEqualTo("6");
    assertThat(api.get(path + "/" + name).status()).isEqualTo(404);
    assertThat(auditDetail(namespace)).isEqualTo("dry run");
  }

  @Test
  void aDryRunCreateRunsTheChecksOfTheRealOne() {
    String namespace = unique("dry");
    String name = unique("web");
    String path = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads";
    api.post(path, workload(name));

    Response taken = api.post(path + "?dryRun=All", workload(name));
    Response invalid =
        api.post(
            path + "?dryRun=All",
            workload(unique("bad")).replace("\"replicas\": 6", "\"replicas\": -1"));

    assertThat(taken.status()).isEqualTo(409);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.body()).contains("spec.replicas");
  }

  @Test
  void dryRunUpdatesPatchesAndDeletesAnswerWhatWouldBeStoredAndChangeNothing() {
    String namespace = unique("dry");
    String name = unique("web");
    String path = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads/" + name;
    Response created =
        api.post(
            "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads",
            workload(name));
    ObjectNode changed = (ObjectNode) created.json().deepCopy();
    ((ObjectNode) changed.get("spec")).put("replicas", 9);

    Response replaced = api.put(path + "?dryRun=All", changed.toString());
    Response patched = api.mergePatch(path + "?dryRun=All", "{\"spec\": {\"replicas\": 8}}");
    Response jsonPatched =
        api.jsonPatch(
            path + "?dryRun=All",
            "[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 7}]");
    Response deleted = api.delete(path + "?dryRun=All");
    Response stored = api.get(path);

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.at("/spec/replicas")).isEqualTo("9");
    assertThat(replaced.at("/metadata/generation")).isEqualTo("2");
    assertThat(patched.at("/spec/replicas")).isEqualTo("8");
    assertThat(jsonPatched.at("/spec/replicas")).isEqualTo("7");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.at("/metadata/name")).isEqualTo(name);
    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.at("/spec/replicas")).isEqualTo("6");
    assertThat(stored.at("/metadata/generation")).isEqualTo("1");
    assertThat(stored.at("/metadata/resourceVersion"))
        .isEqualTo(created.at("/metadata/resourceVersion"));
    assertThat(replaced.at("/metadata/resourceVersion"))
        .isEqualTo(created.at("/metadata/resourceVersion"));
  }

  @Test
  void aDryRunUpdateWithAStaleResourceVersionConflictsAsTheRealOneWould() {
    String namespace = unique("dry");
    String name = unique("web");
    Response created = api.post("/api/v1/namespaces/" + namespace + "/workloads", workload(name));
    ObjectNode stale = (ObjectNode) created.json().deepCopy();
    ((ObjectNode) stale.get("metadata")).put("resourceVersion", "1");

    Response replaced =
        api.put(
            "/api/v1/namespaces/" + namespace + "/workloads/" + name + "?dryRun=All",
            stale.toString());

    assertThat(replaced.status()).isEqualTo(409);
  }

  @Test
  void aDryRunOtherThanAllIsRefusedNamingDryRun() {
    String namespace = unique("dry");
    String path = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads";

    Response refused = api.post(path + "?dryRun=Some", workload(unique("web")));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("dryRun");
  }

  private String auditDetail(String namespace) {
    return jdbc.sql(
            "select coalesce(detail, '') from audit_events where namespace = ?"
                + " order by id desc limit 1")
        .param(namespace)
        .query(String.class)
        .single();
  }
}
