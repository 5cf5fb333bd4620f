package io.ubernetes.federation.dependency;

import static io.ubernetes.federation.testing.Manifests.federatedObject;
import static io.ubernetes.federation.testing.Manifests.workloadDrawing;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.WatchConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code FederatedObject} kind through the API: what it may hold and under which name, Secrets
 * redacted for viewers, watched like any kind, and kept while workloads draw it.
 */
class FederatedObjectApiIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";

  private static String objects(String namespace) {
    return GROUP + "/namespaces/" + namespace + "/federatedobjects";
  }

  /** The same collection on the REST paths, which answer errors as problem+json. */
  private static String rest(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/federatedobjects";
  }

  @Test
  void storesAConfigMapUnderItsOwnNameAndListsItInEveryNamespace() {
    String ns = unique("store");
    String name = unique("app-config");

    Response created = api.post(objects(ns), federatedObject(name));
    Response read = api.get(objects(ns) + "/" + name);
    Response listed = api.get(GROUP + "/federatedobjects");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.at("/kind")).isEqualTo("FederatedObject");
    assertThat(created.at("/metadata/namespace")).isEqualTo(ns);
    assertThat(created.at("/spec/object/metadata/name"))
        .as("the object's name is the FederatedObject's")
        .isEqualTo(name);
    assertThat(created.at("/spec/object/data/LOG_LEVEL")).isEqualTo("info");
    assertThat(read.json()).isEqualTo(created.json());
    assertThat(api.get(rest(ns) + "/" + name).json()).isEqualTo(created.json());
    assertThat(listed.at("/kind")).isEqualTo("FederatedObjectList");
    assertThat(listed.json().at("/items").valueStream().map(i -> i.at("/metadata/name").asString()))
        .contains(name);
  }

  @Test
  void holdsEachKindAPodRefersTo() {
    String ns = unique("kinds");
    List<String> objects =
        List.of(
            "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"type\": \"Opaque\","
                + " \"data\": {\"password\": \"czNjcjN0\"}}",
            "{\"apiVersion\": \"v1\", \"kind\": \"ServiceAccount\"}",
            "{\"apiVersion\": \"v1\", \"kind\": \"PersistentVolumeClaim\", \"spec\":"
                + " {\"accessModes\": [\"ReadWriteOnce\"], \"resources\": {\"requests\":"
                + " {\"storage\": \"1Gi\"}}}}");

    for (String object : objects) {
      Response created = api.post(objects(ns), kept(unique("kept"), object));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
  }

  @Test
  void refusesOtherKindsAndObjectsNamedOrPlacedOtherwise() {
    String ns = unique("refused");
    String name = unique("thing");

    Response deployment =
        api.post(
            rest(ns),
            kept(name, "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"spec\": {}}"));
    Response otherName =
        api.post(
            objects(ns),
            kept(
                name,
                "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\":"
                    + " \"other\"}}"));
    Response otherNamespace =
        api.post(
            objects(ns),
            kept(
                name,
                "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"namespace\":"
                    + " \"elsewhere\"}}"));
    Response unknownField =
        api.post(
            objects(ns),
            kept(name, "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"dta\": {}}"));
    Response wrongGroup =
        api.post(objects(ns), kept(name, "{\"apiVersion\": \"apps/v1\", \"kind\": \"Secret\"}"));
    Response none = api.post(objects(ns), "{\"metadata\": {\"name\": \"" + name + "\"}}");

    assertThat(deployment.status()).isEqualTo(422);
    assertThat(deployment.contentType()).startsWith("application/problem+json");
    assertThat(deployment.errorFields()).containsExactly("spec.object.kind");
    assertThat(deployment.at("/errors/0/message"))
        .contains("ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim")
        .contains("spec.resources");
    assertThat(otherName.status()).isEqualTo(422);
    assertThat(otherName.errorFields()).containsExactly("spec.object.metadata.name");
    assertThat(otherNamespace.status()).isEqualTo(422);
    assertThat(otherNamespace.errorFields()).containsExactly("spec.object.metadata.namespace");
    assertThat(unknownField.status()).isEqualTo(422);
    assertThat(unknownField.errorFields()).containsExactly("spec.object.dta");
    assertThat(wrongGroup.status()).isEqualTo(422);
    assertThat(wrongGroup.errorFields()).containsExactly("spec.object.apiVersion");
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.errorFields()).containsExactly("spec");
    assertThat(api.get(objects(ns) + "/" + name).status()).isEqualTo(404);
  }

  @Test
  void viewersReadASecretsValuesRedactedOperatorsAsStored() {
    String ns = unique("secret-store");
    String name = unique("db");
    api.post(
        objects(ns),
        kept(
            name,
            "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"data\": {\"password\":"
                + " \"aHVudGVyMi1zM2NyZXQ=\"}, \"stringData\": {\"token\": \"plain-s3cret\"}}"));
    ApiClient viewer = api.withToken(api.issueToken(unique("viewer"), "viewer", List.of()));
    ApiClient operator = api.withToken(api.issueToken(unique("operator"), "operator", List.of()));

    Response asViewer = viewer.get(objects(ns) + "/" + name);
    Response listed = viewer.get(GROUP + "/federatedobjects");
    Response asOperator = operator.get(objects(ns) + "/" + name);

    assertThat(asViewer.at("/spec/object/data/password")).isEqualTo("<redacted>");
    assertThat(asViewer.at("/spec/object/stringData/token")).isEqualTo("<redacted>");
    assertThat(listed.body()).doesNotContain("aHVudGVyMi1zM2NyZXQ=").doesNotContain("plain-s3cret");
    assertThat(asOperator.at("/spec/object/data/password")).isEqualTo("aHVudGVyMi1zM2NyZXQ=");
  }

  @Test
  void anOperatorOfTheNamespaceWritesItAViewerDoesNot() {
    String ns = unique("team");
    ApiClient teamOperator = api.withToken(api.issueToken(unique("op"), "operator", List.of(ns)));
    ApiClient viewer = api.withToken(api.issueToken(unique("viewer"), "viewer", List.of()));

    Response written = teamOperator.post(objects(ns), federatedObject(unique("cfg")));
    Response elsewhere = teamOperator.post(objects(unique("other")), federatedObject("cfg"));
    Response refused = viewer.post(objects(ns), federatedObject(unique("cfg")));

    assertThat(written.status()).as(written.body()).isEqualTo(201);
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(refused.status()).isEqualTo(403);
  }

  @Test
  void changesAreWatched() {
    String ns = unique("watched");
    String name = unique("cfg");
    try (WatchConnection watch = WatchConnection.open(port(), objects(ns) + "?watch=true")) {
      api.post(objects(ns), federatedObject(name));
      api.delete(objects(ns) + "/" + name);

      JsonNode added = watch.next();
      JsonNode deleted = watch.next();
      assertThat(added.at("/type").asString()).isEqualTo("ADDED");
      assertThat(added.at("/object/kind").asString()).isEqualTo("FederatedObject");
      assertThat(added.at("/object/spec/object/kind").asString()).isEqualTo("ConfigMap");
      assertThat(deleted.at("/type").asString()).isEqualTo("DELETED");
    }
  }

  @Test
  void anObjectAWorkloadDrawsCannotBeDeletedUntilTheWorkloadLetsGo() {
    String ns = unique("guarded");
    String config = unique("app-config");
    String drawing = unique("web");
    String ownCopy = unique("own");
    api.post(objects(ns), federatedObject(config));
    Response created = api.post(workloads(ns), workload(drawing, config, ""));
    api.post(
        workloads(ns),
        workload(
            ownCopy,
            config,
            ", \"resources\": [{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\":"
                + " {\"name\": \""
                + config
                + "\"}}]"));

    Response refused = api.delete(objects(ns) + "/" + config);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.at("/message"))
        .contains("FederatedWorkload " + ns + "/" + drawing)
        .doesNotContain(ownCopy);
    assertThat(api.get(objects(ns) + "/" + config).status()).isEqualTo(200);

    Response optedOut =
        api.mergePatch(
            workloads(ns) + "/" + drawing, "{\"spec\": {\"propagateDependencies\": false}}");
    assertThat(optedOut.status()).as(optedOut.body()).isEqualTo(200);
    assertThat(api.delete(objects(ns) + "/" + config).status()).isEqualTo(200);
  }

  @Test
  void propagateDependenciesIsABoolean() {
    String ns = unique("flag");
    String name = unique("web");

    Response refused =
        api.post(
            workloads(ns),
            "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s,"
                    .formatted(name, io.ubernetes.federation.testing.Manifests.deployment("nginx"))
                + " \"propagateDependencies\": \"sometimes\"}}");

    assertThat(refused.status()).isBetween(400, 422);
    assertThat(refused.body()).contains("propagateDependencies");
  }

  static String workloads(String namespace) {
    return GROUP + "/namespaces/" + namespace + "/federatedworkloads";
  }

  /** A Deployment whose pods take their environment from the ConfigMap {@code config}. */
  static String workload(String name, String config, String more) {
    return workloadDrawing(name, config, more);
  }

  private static String kept(String name, String object) {
    return "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"object\": %s}}".formatted(name, object);
  }
}
