package io.ubernetes.federation.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Workload revisions through the API: made in the write that changes what is propagated (template,
 * resources, overrides) and by no other, numbered without gaps, trimmed to the history limit, and
 * served by the {@code revisions} subresource with Secrets redacted.
 */
class RevisionsIT extends ApiIntegrationTest {
  private static final String WORKLOADS = "/api/v1/namespaces/shop/workloads/";
  private static final String GROUP = "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/";

  @Autowired private JdbcClient jdbc;
  @Autowired private WorkloadRevisions revisions;

  @Test
  void aNewWorkloadHasRevisionOneCreated() {
    String name = created();

    JsonNode items = revisions(name).path("items");

    assertThat(items.size()).isEqualTo(1);
    assertThat(items.at("/0/revision").asInt()).isEqualTo(1);
    assertThat(items.at("/0/generation").asLong()).isEqualTo(1);
    assertThat(strings(items.at("/0/changes"))).containsExactly("created");
    assertThat(items.at("/0/content/template/kind").asString()).isEqualTo("Deployment");
    assertThat(items.at("/0/createdAt").asString()).isNotEmpty();
    assertThat(items.at("/0/healthyEverywhereAt").isMissingNode()).isTrue();
  }

  @Test
  void anImageChangeMakesTheNextRevisionSayingWhatChanged() {
    String name = created();

    patched(name, image("shop/app:1.5"));

    JsonNode items = revisions(name).path("items");
    assertThat(numbers(items)).containsExactly(2, 1);
    assertThat(items.at("/0/generation").asLong()).isEqualTo(2);
    assertThat(strings(items.at("/0/changes")))
        .containsExactly(
            "template.spec.template.spec.containers[app].image: shop/app:1.4 -> shop/app:1.5");
    assertThat(items.at("/0/content/template/spec/template/spec/containers/0/image").asString())
        .isEqualTo("shop/app:1.5");
    assertThat(items.at("/1/content/template/spec/template/spec/containers/0/image").asString())
        .isEqualTo("shop/app:1.4");
  }

  @Test
  void replicasAndPlacementEditsMakeNoRevision() {
    String name = created();

    Response scaled = patched(name, "{\"spec\": {\"replicas\": 9}}");
    Response placed =
        patched(
            name,
            """
            {"spec": {"placement": {"clusterSelector": {"matchLabels": {"ubernetes.io/tier": "cloud"}}},
                      "rollout": {"maxUnavailable": 1}}}
            """);

    assertThat(scaled.at("/metadata/generation")).isEqualTo("2");
    assertThat(placed.at("/metadata/generation")).isEqualTo("3");
    assertThat(numbers(revisions(name).path("items"))).containsExactly(1);
  }

  @Test
  void aConfigMapChangeMakesOneRevision() {
    String name = created();

    patched(
        name,
        """
        {"spec": {"resources": [
          {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config"},
           "data": {"LOG_LEVEL": "debug"}},
          {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
           "data": {"PASSWORD": "czNjcjN0"}}]}}
        """);

    JsonNode items = revisions(name).path("items");
    assertThat(numbers(items)).containsExactly(2, 1);
    assertThat(strings(items.at("/0/changes")))
        .containsExactly("resources[ConfigMap/app-config].data.LOG_LEVEL changed");
  }

  @Test
  void anOverrideChangeMakesOneRevision() {
    String name = created();

    patched(
        name,
        """
        {"spec": {"overrides": [
          {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "us-east"}},
           "patch": [{"op": "replace", "path": "/spec/template/spec/containers/0/image",
                      "value": "shop/app:us"}]}]}}
        """);

    JsonNode items = revisions(name).path("items");
    assertThat(numbers(items)).containsExactly(2, 1);
    assertThat(strings(items.at("/0/changes"))).containsExactly("overrides[0] added");
  }

  @Test
  void theHistoryKeepsTheNewestRevisionsUpToItsLimit() {
    String name = created();

    for (int i = 1; i <= 11; i++) {
      patched(name, image("shop/app:2." + i));
    }

    assertThat(numbers(revisions(name).path("items")))
        .containsExactly(12, 11, 10, 9, 8, 7, 6, 5, 4, 3);
  }

  @Test
  void theHistoryKeepsAsManyAsTheWorkloadsLimitSays() {
    String name = created();
    patched(name, "{\"spec\": {\"revisionHistoryLimit\": 3}}");

    for (int i = 1; i <= 4; i++) {
      patched(name, image("shop/app:4." + i));
    }

    assertThat(numbers(revisions(name).path("items"))).containsExactly(5, 4, 3);
  }

  @Test
  void trimmingKeepsTheNewestRevisionThatWasHealthyEverywhere() {
    String name = created();
    patched(name, "{\"spec\": {\"revisionHistoryLimit\": 2}}");
    revisions.markHealthyEverywhere(uid(name), 1, Instant.parse("2026-12-07T10:00:00Z"));

    for (int i = 1; i <= 3; i++) {
      patched(name, image("shop/app:5." + i));
    }

    JsonNode items = revisions(name).path("items");
    assertThat(numbers(items)).containsExactly(4, 3, 1);
    assertThat(items.at("/2/healthyEverywhereAt").asString()).isEqualTo("2026-12-07T10:00:00Z");
  }

  @Test
  void aServerSideApplyThatChangesTheTemplateMakesARevision() {
    String name = created();
    String config =
        workload(name)
            .replace("\"shop/app:1.4\"", "\"shop/app:1.6\"")
            .replace("\"replicas\": 3", "\"replicas\": 4");

    Response applied =
        api.send(
            "PATCH",
            GROUP + name + "?fieldManager=revisions-test&force=true",
            "application/apply-patch+yaml",
            config,
            "application/json");

    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    JsonNode items = revisions(name).path("items");
    assertThat(numbers(items)).containsExactly(2, 1);
    assertThat(strings(items.at("/0/changes")))
        .containsExactly(
            "template.spec.template.spec.containers[app].image: shop/app:1.4 -> shop/app:1.6");
  }

  @Test
  void rollbackToMakesANewRevisionWithTheOldContentAndIsNotStored() {
    String name = created();
    patched(name, image("shop/app:1.5"));

    Response rolledBack =
        patched(name, "{\"spec\": {\"rolloutControl\": {\"rollbackTo\": 1, \"paused\": true}}}");

    JsonNode items = revisions(name).path("items");
    assertThat(numbers(items)).containsExactly(3, 2, 1);
    assertThat(strings(items.at("/0/changes")))
        .containsExactly(
            "rollback to revision 1",
            "template.spec.template.spec.containers[app].image: shop/app:1.5 -> shop/app:1.4");
    assertThat(items.at("/0/content")).isEqualTo(items.at("/2/content"));
    JsonNode stored = api.get(WORKLOADS + name).json();
    assertThat(stored.at("/spec/template/spec/template/spec/containers/0/image").asString())
        .isEqualTo("shop/app:1.4");
    assertThat(stored.at("/spec/rolloutControl/rollbackTo").isMissingNode()).isTrue();
    assertThat(stored.at("/spec/rolloutControl/paused").asBoolean()).isTrue();
    assertThat(rolledBack.json().at("/spec/rolloutControl/rollbackTo").isMissingNode()).isTrue();
  }

  @Test
  void rollbackToARevisionNotKeptIsRefusedNamingTheField() {
    String name = created();
    patched(name, image("shop/app:1.5"));

    Response refused =
        api.mergePatch(WORKLOADS + name, "{\"spec\": {\"rolloutControl\": {\"rollbackTo\": 7}}}");
    Response kubernetes =
        api.mergePatch(GROUP + name, "{\"spec\": {\"rolloutControl\": {\"rollbackTo\": 7}}}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.errorFields()).containsExactly("spec.rolloutControl.rollbackTo");
    assertThat(refused.body()).contains("revision 7 is not kept; kept: 1, 2");
    assertThat(kubernetes.status()).isEqualTo(422);
    assertThat(kubernetes.at("/kind")).isEqualTo("Status");
    assertThat(kubernetes.errorFields()).containsExactly("spec.rolloutControl.rollbackTo");
    assertThat(numbers(revisions(name).path("items"))).containsExactly(2, 1);
  }

  @Test
  void aDryRunMakesNoRevision() {
    String name = created();

    Response dryPatch = api.mergePatch(WORKLOADS + name + "?dryRun=All", image("shop/app:dry"));
    Response dryCreate =
        api.post("/api/v1/namespaces/shop/workloads?dryRun=All", workload(unique("dry")));

    assertThat(dryPatch.status()).as(dryPatch.body()).isEqualTo(200);
    assertThat(dryCreate.status()).as(dryCreate.body()).isEqualTo(201);
    assertThat(numbers(revisions(name).path("items"))).containsExactly(1);
    assertThat(
            jdbc.sql("select count(*) from workload_revisions where content::text like ?")
                .param("%shop/app:dry%")
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void theSubresourceRedactsSecretsAndSpeaksJsonAndYamlOnBothPaths() {
    String name = created();

    Response group = api.get(GROUP + name + "/revisions");
    Response legacy = api.get(WORKLOADS + name + "/revisions");
    Response yaml = api.get(GROUP + name + "/revisions", "application/yaml");

    assertThat(group.status()).as(group.body()).isEqualTo(200);
    assertThat(group.contentType()).startsWith("application/json");
    assertThat(group.at("/apiVersion")).isEqualTo("ubernetes.io/v1");
    assertThat(group.at("/kind")).isEqualTo("WorkloadRevisionList");
    assertThat(group.at("/metadata/name")).isEqualTo(name);
    assertThat(group.at("/metadata/namespace")).isEqualTo("shop");
    assertThat(group.at("/items/0/content/resources/1/data/PASSWORD")).isEqualTo("<redacted>");
    assertThat(group.at("/items/0/content/resources/0/data/LOG_LEVEL")).isEqualTo("info");
    assertThat(group.body()).doesNotContain("czNjcjN0");
    assertThat(legacy.json()).isEqualTo(group.json());
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.contentType()).startsWith("application/yaml");
    assertThat(yaml.body())
        .contains("kind: WorkloadRevisionList")
        .contains("PASSWORD: <redacted>")
        .doesNotContain("czNjcjN0");
    assertThat(api.get(GROUP + unique("missing") + "/revisions").status()).isEqualTo(404);
  }

  @Test
  void oneRevisionIsServedByItsNumberAndOneNotKeptIsNotFound() {
    String name = created();
    patched(name, image("shop/app:1.5"));

    Response one = api.get(GROUP + name + "/revisions?revision=1");
    Response missing = api.get(GROUP + name + "/revisions?revision=7");

    assertThat(numbers(one.json().path("items"))).containsExactly(1);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.at("/message")).contains("revision 7");
  }

  @Test
  void aWorkloadWithoutRevisionsGetsItsFirstFromWhatItRanBeforeItsNextChange() {
    String name = created();
    UUID uid = uid(name);
    jdbc.sql("delete from workload_revisions where workload_uid = ?").param(uid).update();

    patched(name, image("shop/app:1.5"));

    JsonNode items = revisions(name).path("items");
    assertThat(numbers(items)).containsExactly(2, 1);
    assertThat(strings(items.at("/1/changes"))).containsExactly("created");
    assertThat(items.at("/1/generation").asLong()).isEqualTo(1);
    assertThat(items.at("/1/content/template/spec/template/spec/containers/0/image").asString())
        .isEqualTo("shop/app:1.4");
    assertThat(strings(items.at("/0/changes"))).singleElement().asString().contains("1.5");
  }

  @Test
  void aWorkloadWithoutRevisionsGetsItsFirstWhenTheyAreRead() {
    String name = created();
    jdbc.sql("delete from workload_revisions where workload_uid = ?").param(uid(name)).update();

    JsonNode items = revisions(name).path("items");

    assertThat(numbers(items)).containsExactly(1);
    assertThat(strings(items.at("/0/changes"))).containsExactly("created");
  }

  @Test
  void concurrentChangesMakeRevisionsThatFollowEachOtherWithoutGaps() throws Exception {
    String name = created();
    int writers = 8;
    List<Future<Response>> writes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int i = 0; i < writers; i++) {
        String tag = "3." + i;
        writes.add(pool.submit(() -> api.mergePatch(WORKLOADS + name, image("shop/app:" + tag))));
      }
      for (Future<Response> write : writes) {
        assertThat(write.get().status()).as(write.get().body()).isEqualTo(200);
      }
    }

    List<Integer> numbers = numbers(revisions(name).path("items"));

    assertThat(numbers)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, writers + 1).boxed().toList().reversed());
  }

  private String created() {
    String name = unique("revised");
    Response created = api.post("/api/v1/namespaces/shop/workloads", workload(name));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return name;
  }

  private UUID uid(String name) {
    return UUID.fromString(api.get(WORKLOADS + name).at("/metadata/uid"));
  }

  private Response patched(String name, String patch) {
    Response patched = api.mergePatch(WORKLOADS + name, patch);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    return patched;
  }

  private JsonNode revisions(String name) {
    Response revisions = api.get(GROUP + name + "/revisions");
    assertThat(revisions.status()).as(revisions.body()).isEqualTo(200);
    return revisions.json();
  }

  private static List<Integer> numbers(JsonNode items) {
    return items.valueStream().map(item -> item.path("revision").asInt()).toList();
  }

  private static List<String> strings(JsonNode list) {
    return list.valueStream().map(JsonNode::asString).toList();
  }

  static String image(String image) {
    return """
        {"spec": {"template": {"spec": {"template": {"spec": {"containers": [
          {"name": "app", "image": "%s"}]}}}}}}
        """
        .formatted(image);
  }

  static String workload(String name) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
         "metadata": {"name": "%s"},
         "spec": {"replicas": 3,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "metadata": {"labels": {"app": "shop"}},
                               "spec": {"selector": {"matchLabels": {"app": "shop"}},
                                        "template": {"metadata": {"labels": {"app": "shop"}},
                                                     "spec": {"containers": [
                                                       {"name": "app", "image": "shop/app:1.4"}]}}}},
                  "resources": [
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config"},
                     "data": {"LOG_LEVEL": "info"}},
                    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
                     "data": {"PASSWORD": "czNjcjN0"}}]}}
        """
        .formatted(name);
  }
}
