package io.ubernetes.federation.cluster;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class MemberClusterApiIT extends ApiIntegrationTest {

  @Test
  void createsAClusterWithServerFieldsAndAnUnknownReadyCondition() {
    String name = unique("fra");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.at("/apiVersion")).isEqualTo("ubernetes.io/v1");
    assertThat(created.at("/kind")).isEqualTo("MemberCluster");
    assertThat(created.at("/metadata/uid")).matches("[0-9a-f-]{36}");
    assertThat(Long.parseLong(created.at("/metadata/resourceVersion"))).isPositive();
    assertThat(created.json().at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(created.at("/metadata/creationTimestamp"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(created.at("/status/conditions/0/type")).isEqualTo("Ready");
    assertThat(created.at("/status/conditions/0/status")).isEqualTo("Unknown");
    assertThat(created.at("/status/conditions/0/reason")).isEqualTo("AgentNeverConnected");

    Response read = api.get("/api/v1/clusters/" + name);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created.json());
  }

  @Test
  void mirrorsTopologyIntoWellKnownLabelsWhateverTheClientWrote() {
    String name = unique("labels");
    String body =
        """
        {"metadata": {"name": "%s", "labels": {"team": "infra", "topology.kubernetes.io/region": "mars",
                                               "ubernetes.io/provider": "stale"}},
         "spec": {"region": "eu-west", "zone": "eu-west-1b", "tier": "cloud"}}
        """
            .formatted(name);
    Response created = api.post("/api/v1/clusters", body);

    assertThat(created.status()).isEqualTo(201);
    ObjectNode labels = (ObjectNode) created.json().at("/metadata/labels");
    assertThat(labels.propertyNames())
        .containsExactlyInAnyOrder(
            "team",
            "topology.kubernetes.io/region",
            "topology.kubernetes.io/zone",
            "ubernetes.io/tier");
    assertThat(labels.get("topology.kubernetes.io/region").asString()).isEqualTo("eu-west");
    assertThat(labels.get("topology.kubernetes.io/zone").asString()).isEqualTo("eu-west-1b");

    Response moved =
        api.mergePatch(
            "/api/v1/clusters/" + name, "{\"spec\": {\"region\": \"eu-north\", \"zone\": null}}");
    assertThat(moved.at("/metadata/labels/topology.kubernetes.io~1region")).isEqualTo("eu-north");
    assertThat(moved.json().at("/metadata/labels").has("topology.kubernetes.io/zone")).isFalse();
  }

  @Test
  void replaceIgnoresStatusAndBumpsGenerationOnlyForSpecChanges() {
    String name = unique("gen");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));
    ObjectNode object = (ObjectNode) created.json();

    ObjectNode relabeled = object.deepCopy();
    ((ObjectNode) relabeled.at("/metadata/labels")).put("owner", "platform");
    ((ObjectNode) relabeled.at("/status/conditions/0")).put("status", "True");
    Response labelsOnly = api.put("/api/v1/clusters/" + name, relabeled.toString());

    assertThat(labelsOnly.status()).isEqualTo(200);
    assertThat(labelsOnly.json().at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(Long.parseLong(labelsOnly.at("/metadata/resourceVersion")))
        .isGreaterThan(Long.parseLong(created.at("/metadata/resourceVersion")));
    assertThat(labelsOnly.at("/status/conditions/0/status")).isEqualTo("Unknown");

    ObjectNode respec = (ObjectNode) labelsOnly.json().deepCopy();
    ((ObjectNode) respec.get("spec")).put("unschedulable", true);
    Response specChange = api.put("/api/v1/clusters/" + name, respec.toString());

    assertThat(specChange.status()).isEqualTo(200);
    assertThat(specChange.json().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(specChange.json().at("/spec/unschedulable").asBoolean()).isTrue();
  }

  @Test
  void anUnchangedReplaceKeepsTheResourceVersion() {
    String name = unique("noop");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));

    Response same = api.put("/api/v1/clusters/" + name, created.body());

    assertThat(same.status()).isEqualTo(200);
    assertThat(same.at("/metadata/resourceVersion"))
        .isEqualTo(created.at("/metadata/resourceVersion"));
  }

  @Test
  void replaceWithAStaleResourceVersionIsAConflictNamingBothVersions() {
    String name = unique("stale");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));
    String stale = created.at("/metadata/resourceVersion");
    Response updated =
        api.mergePatch("/api/v1/clusters/" + name, "{\"metadata\": {\"labels\": {\"a\": \"b\"}}}");
    String current = updated.at("/metadata/resourceVersion");

    Response conflict = api.put("/api/v1/clusters/" + name, created.body());

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.contentType()).startsWith("application/problem+json");
    assertThat(conflict.at("/reason")).isEqualTo("Conflict");
    assertThat(conflict.at("/detail")).contains(stale).contains(current);
    assertThat(conflict.errorFields()).containsExactly("metadata.resourceVersion");
  }

  @Test
  void replaceWithoutAResourceVersionIsAConflict() {
    String name = unique("norv");
    api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));

    Response conflict = api.put("/api/v1/clusters/" + name, cluster(name, "eu-west", "cloud"));

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.errorFields()).containsExactly("metadata.resourceVersion");
    assertThat(api.get("/api/v1/clusters/" + name).at("/spec/region")).isEqualTo("eu-central");
  }

  @Test
  void creatingAnExistingNameIsAlreadyExists() {
    String name = unique("dup");
    api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));

    Response again = api.post("/api/v1/clusters", cluster(name, "eu-west", "cloud"));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.at("/reason")).isEqualTo("AlreadyExists");
    assertThat(api.get("/api/v1/clusters/" + name).at("/spec/region")).isEqualTo("eu-central");
  }

  @Test
  void jsonPatchAppliesAllOperationsOrNone() {
    String name = unique("jsonpatch");
    api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));

    Response patched =
        api.jsonPatch(
            "/api/v1/clusters/" + name,
            """
            [{"op": "add", "path": "/spec/taints", "value": [{"key": "gpu", "effect": "NoSchedule"}]},
             {"op": "replace", "path": "/spec/tier", "value": "cloud"}]
            """);
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.at("/spec/taints/0/effect")).isEqualTo("NoSchedule");
    assertThat(patched.at("/metadata/labels/ubernetes.io~1tier")).isEqualTo("cloud");

    Response failed =
        api.jsonPatch(
            "/api/v1/clusters/" + name,
            """
            [{"op": "replace", "path": "/spec/tier", "value": "onprem"},
             {"op": "test", "path": "/spec/region", "value": "us-east"}]
            """);
    assertThat(failed.status()).isEqualTo(422);
    assertThat(failed.errorFields()).containsExactly("[1]");
    assertThat(api.get("/api/v1/clusters/" + name).at("/spec/tier")).isEqualTo("cloud");
  }

  @Test
  void patchWithAResourceVersionIsConditional() {
    String name = unique("condpatch");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));
    api.mergePatch("/api/v1/clusters/" + name, "{\"spec\": {\"unschedulable\": true}}");

    Response stale =
        api.mergePatch(
            "/api/v1/clusters/" + name,
            "{\"metadata\": {\"resourceVersion\": \"%s\"}, \"spec\": {\"tier\": \"x\"}}"
                .formatted(created.at("/metadata/resourceVersion")));

    assertThat(stale.status()).isEqualTo(409);
    assertThat(api.get("/api/v1/clusters/" + name).at("/spec/tier")).isEqualTo("onprem");
  }

  @Test
  void deleteReturnsTheObjectThenItIsGone() {
    String name = unique("del");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));

    Response deleted = api.delete("/api/v1/clusters/" + name);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.at("/metadata/uid")).isEqualTo(created.at("/metadata/uid"));
    assertThat(Long.parseLong(deleted.at("/metadata/resourceVersion")))
        .isGreaterThan(Long.parseLong(created.at("/metadata/resourceVersion")));
    assertThat(api.get("/api/v1/clusters/" + name).status()).isEqualTo(404);
    Response again = api.delete("/api/v1/clusters/" + name);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.at("/reason")).isEqualTo("NotFound");
  }

  @Test
  void deleteHonoursResourceVersionAndUidPreconditions() {
    String name = unique("delpre");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));
    String version = created.at("/metadata/resourceVersion");

    Response wrongVersion = api.delete("/api/v1/clusters/" + name + "?resourceVersion=1");
    Response wrongUid =
        api.send(
            "DELETE",
            "/api/v1/clusters/" + name,
            "application/json",
            "{\"preconditions\": {\"uid\": \"00000000-0000-0000-0000-000000000000\"}}",
            "application/json");

    assertThat(wrongVersion.status()).isEqualTo(409);
    assertThat(wrongUid.status()).isEqualTo(409);
    assertThat(api.get("/api/v1/clusters/" + name).status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/clusters/" + name + "?resourceVersion=" + version).status())
        .isEqualTo(200);
  }

  @Test
  void writesToAMissingClusterAreNotFound() {
    String name = unique("missing");

    Response put = api.put("/api/v1/clusters/" + name, cluster(name, "eu-central", "onprem"));
    Response patch = api.mergePatch("/api/v1/clusters/" + name, "{\"spec\": {}}");

    assertThat(put.status()).isEqualTo(404);
    assertThat(patch.status()).isEqualTo(404);
    assertThat(patch.at("/reason")).isEqualTo("NotFound");
    assertThat(api.get("/api/v1/clusters/" + name).status()).isEqualTo(404);
  }
}
