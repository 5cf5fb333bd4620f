package io.ubernetes.federation.dependency;

import static io.ubernetes.federation.dependency.FederatedObjectApiIT.workload;
import static io.ubernetes.federation.dependency.FederatedObjectApiIT.workloads;
import static io.ubernetes.federation.testing.Manifests.federatedObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A workload's dependencies in its revisions: the objects of the namespace's store its pod template
 * refers to become part of its content, a change to one makes its next revision, and a reference
 * the federation holds no copy of is reported, not refused.
 */
class DependenciesIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";

  private static String objects(String namespace) {
    return GROUP + "/namespaces/" + namespace + "/federatedobjects";
  }

  @Test
  void aReferenceTheFederationHoldsNoCopyOfIsWarnedAboutAndShownUntilItIsStored() {
    String ns = unique("missing");
    String config = unique("app-config");
    String name = unique("web");

    Response created = api.post(workloads(ns), workload(name, config, ""));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Warning")).contains("ConfigMap/" + config);
    // Written once the create has committed, as a controller writes status.
    await()
        .untilAsserted(
            () -> {
              JsonNode missing = condition(ns, name);
              assertThat(missing.path("status").asString()).isEqualTo("False");
              assertThat(missing.path("reason").asString()).isEqualTo("Missing");
              assertThat(missing.path("message").asString()).contains("ConfigMap/" + config);
            });

    Response stored = api.post(objects(ns), federatedObject(config));

    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    await()
        .untilAsserted(
            () -> assertThat(condition(ns, name).path("status").asString()).isEqualTo("True"));
    JsonNode newest = revisions(ns, name).path("items").get(0);
    assertThat(newest.path("revision").asInt()).isEqualTo(2);
    assertThat(strings(newest.path("changes")))
        .containsExactly("dependency ConfigMap/" + config + " added");
    assertThat(newest.at("/content/dependencies/0/data/LOG_LEVEL").asString()).isEqualTo("info");
    assertThat(newest.at("/content/dependencies/0/metadata/name").asString()).isEqualTo(config);
  }

  @Test
  void aStoredObjectChangedMakesTheNextRevisionOfTheWorkloadsDrawingItOnly() {
    String ns = unique("changed");
    String config = unique("app-config");
    String drawing = unique("web");
    String other = unique("other");
    api.post(objects(ns), federatedObject(config));
    api.post(workloads(ns), workload(drawing, config, ""));
    api.post(workloads(ns), workload(other, unique("unrelated"), ""));

    Response changed =
        api.mergePatch(
            objects(ns) + "/" + config,
            "{\"spec\": {\"object\": {\"data\": {\"LOG_LEVEL\": \"debug\"}}}}");

    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    JsonNode items = revisions(ns, drawing).path("items");
    assertThat(items.size()).isEqualTo(2);
    assertThat(strings(items.at("/0/changes")))
        .containsExactly("dependency ConfigMap/" + config + " changed");
    assertThat(items.at("/0/content/dependencies/0/data/LOG_LEVEL").asString()).isEqualTo("debug");
    assertThat(items.at("/1/content/dependencies/0/data/LOG_LEVEL").asString()).isEqualTo("info");
    assertThat(revisions(ns, other).path("items").size()).isEqualTo(1);
  }

  @Test
  void aSecretsValuesNeverShowInRevisions() {
    String ns = unique("secret-deps");
    String secret = unique("db");
    String name = unique("web");
    api.post(objects(ns), secret(secret, "b2xkLXMzY3JldA=="));
    api.post(
        workloads(ns),
        """
        {"metadata": {"name": "%s"},
         "spec": {"template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "web"}},
                                        "template": {"metadata": {"labels": {"app": "web"}},
                                                     "spec": {"containers": [{"name": "web", "image": "nginx",
                                                              "env": [{"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "%s", "key": "password"}}}]}]}}}}}}
        """
            .formatted(name, secret));

    Response changed =
        api.mergePatch(
            objects(ns) + "/" + secret,
            "{\"spec\": {\"object\": {\"data\": {\"password\": \"bmV3LXMzY3JldA==\"}}}}");

    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    Response revisions = api.get(workloads(ns) + "/" + name + "/revisions");
    assertThat(revisions.body())
        .doesNotContain("b2xkLXMzY3JldA==")
        .doesNotContain("bmV3LXMzY3JldA==")
        .contains("<redacted>");
    assertThat(strings(revisions.json().at("/items/0/changes")))
        .containsExactly("dependency Secret/" + secret + " changed");
  }

  @Test
  void aWorkloadThatDoesNotFollowItsDependenciesDrawsNothingAndIsToldNothing() {
    String ns = unique("opted-out");
    String config = unique("app-config");
    String stored = unique("stored");
    String name = unique("web");
    api.post(objects(ns), federatedObject(stored));

    Response created =
        api.post(
            workloads(ns),
            workload(name, config, ", \"propagateDependencies\": false")
                .replace(
                    "\"envFrom\": [",
                    "\"envFrom\": [{\"configMapRef\": {\"name\": \"" + stored + "\"}}, "));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Warning")).isNull();
    conditionsWritten(ns);
    JsonNode status = api.get(workloads(ns) + "/" + name).json().path("status");
    assertThat(status.path("conditions").valueStream().map(c -> c.path("type").asString()))
        .doesNotContain(DependencyConditions.TYPE);
    JsonNode content = revisions(ns, name).at("/items/0/content");
    assertThat(content.has("dependencies")).isFalse();
  }

  @Test
  void aClusterScopedWorkloadDrawsNothingFromANamespacesStoreAndIsToldNothing() {
    String ns = unique("tools");
    String config = unique("app-config");
    String name = unique("agent");
    // A store of that name exists in the Deployment's namespace: a cluster-scoped workload still
    // brings its objects itself.
    api.post(objects(ns), federatedObject(config));

    Response created =
        api.post(
            GROUP + "/clusterfederatedworkloads",
            """
            {"metadata": {"name": "%s"},
             "spec": {"template": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "metadata": {"name": "agent", "namespace": "%s"},
                                   "spec": {"selector": {"matchLabels": {"app": "agent"}},
                                            "template": {"metadata": {"labels": {"app": "agent"}},
                                                         "spec": {"containers": [{"name": "agent", "image": "nginx",
                                                                  "envFrom": [{"configMapRef": {"name": "%s"}}]}]}}}}}}
            """
                .formatted(name, ns, config));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Warning")).isNull();
    conditionsWritten(ns);
    String path = GROUP + "/clusterfederatedworkloads/" + name;
    JsonNode status = api.get(path).json().path("status");
    assertThat(status.path("conditions").valueStream().map(c -> c.path("type").asString()))
        .doesNotContain(DependencyConditions.TYPE);
    Response revisions = api.get(path + "/revisions");
    assertThat(revisions.status()).as(revisions.body()).isEqualTo(200);
    assertThat(revisions.json().at("/items/0/content").has("dependencies")).isFalse();
  }

  private static String secret(String name, String password) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"object": {"apiVersion": "v1", "kind": "Secret", "data": {"password": "%s"}}}}
        """
        .formatted(name, password);
  }

  /**
   * Waits until the conditions owed for the writes made before are written: those of a workload
   * created now are written after them, so an absent condition is absent for good, not yet to come.
   */
  private void conditionsWritten(String ns) {
    String probe = unique("probe");
    Response created = api.post(workloads(ns), workload(probe, unique("absent"), ""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await().untilAsserted(() -> condition(ns, probe));
  }

  private JsonNode condition(String ns, String name) {
    JsonNode status = api.get(workloads(ns) + "/" + name).json().path("status");
    return status
        .path("conditions")
        .valueStream()
        .filter(c -> c.path("type").asString().equals(DependencyConditions.TYPE))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no DependenciesResolved condition in " + status));
  }

  private JsonNode revisions(String ns, String name) {
    Response revisions = api.get(workloads(ns) + "/" + name + "/revisions");
    assertThat(revisions.status()).as(revisions.body()).isEqualTo(200);
    return revisions.json();
  }

  private static List<String> strings(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }
}
