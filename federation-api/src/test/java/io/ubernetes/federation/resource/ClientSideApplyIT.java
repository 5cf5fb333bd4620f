package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client-side {@code kubectl apply} as kubectl 1.35 sends it for a kind without strategic merge: a
 * POST carrying the last-applied-configuration annotation, then JSON merge patches computed three
 * ways, with {@code fieldManager=kubectl-client-side-apply&fieldValidation=Strict}; and {@code
 * kubectl patch}'s default strategic merge patch, refused as for custom resources; kubectl's move
 * to server-side apply, and Flux's cleanup of managedFields, as JSON patches that replace them.
 */
class ClientSideApplyIT extends ApiIntegrationTest {
  private static final String QUERY =
      "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";

  private static String policy(String name, String lastApplied) {
    return """
        {"apiVersion": "ubernetes.io/v1", "kind": "PlacementPolicy",
         "metadata": {"name": "%s", "labels": {"team": "web"},
           "annotations": {"kubectl.kubernetes.io/last-applied-configuration": %s}},
         "spec": {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
                  "burst": {"tiers": ["onprem", "cloud"], "maxUtilization": 0.75}}}
        """
        .formatted(name, lastApplied);
  }

  @Test
  void kubectlsCreateThenThreeWayMergePatchesUpdateAndRemoveFields() {
    String name = unique("csa");
    String path = "/apis/ubernetes.io/v1/placementpolicies";
    Response created = api.post(path + QUERY, policy(name, "\"{\\\"v\\\":1}\""));

    Response patched =
        api.mergePatch(
            path + "/" + name + QUERY,
            """
            {"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\\"v\\":2}"},
                          "labels": {"team": null, "tier": "gold"}},
             "spec": {"burst": null,
                      "clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-west"}}}}
            """);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(
            patched
                .json()
                .at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
                .asString())
        .isEqualTo("{\"v\":2}");
    assertThat(patched.json().at("/metadata/labels").has("team")).isFalse();
    assertThat(patched.at("/metadata/labels/tier")).isEqualTo("gold");
    assertThat(patched.json().at("/spec").has("burst")).isFalse();
    assertThat(patched.at("/spec/clusterSelector/matchLabels/topology.kubernetes.io~1region"))
        .isEqualTo("eu-west");
    assertThat(api.get(path + "/" + name).json().at("/spec").has("burst")).isFalse();
  }

  @Test
  void aStrategicMergePatchIsUnsupportedNamingTheAcceptedMediaTypes() {
    String name = unique("csa");
    api.post("/apis/ubernetes.io/v1/placementpolicies", policy(name, "\"{}\""));

    Response refused =
        api.send(
            "PATCH",
            "/apis/ubernetes.io/v1/placementpolicies/" + name + "?fieldManager=kubectl-patch",
            "application/strategic-merge-patch+json",
            "{\"metadata\": {\"labels\": {\"x\": \"y\"}}}",
            "application/json");

    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.body())
        .contains("UnsupportedMediaType")
        .contains("accepted media types include")
        .contains("application/merge-patch+json")
        .contains("application/json-patch+json");
  }

  /**
   * {@code kubectl apply --server-side} on an object client-side applied: the fields the
   * last-applied configuration sets to their live values are kubectl's to take without force, as a
   * Kubernetes API server lets them be (kubectl's own field manager only), and the annotation is
   * rewritten to what kubectl applied, for the next client-side apply.
   */
  @Test
  void kubectlsServerSideApplyTakesWhatItsClientSideApplyLastAppliedWithoutConflict() {
    String name = unique("csa");
    String path = "/apis/ubernetes.io/v1/placementpolicies";
    ObjectNode config = (ObjectNode) ApiClient.tree(policy(name, "\"{}\""));
    ((ObjectNode) config.get("metadata")).remove("annotations");
    api.post(path + QUERY, policy(name, ApiClient.json(config.toString())));
    ObjectNode changed = config.deepCopy();
    ((ObjectNode) changed.at("/spec/burst")).put("maxUtilization", 0.5);
    String apply = "?fieldValidation=Strict&force=false&fieldManager=";

    Response other =
        api.send(
            "PATCH",
            path + "/" + name + apply + "other",
            "application/apply-patch+yaml",
            changed.toString(),
            "application/json");
    Response kubectl =
        api.send(
            "PATCH",
            path + "/" + name + apply + "kubectl",
            "application/apply-patch+yaml",
            changed.toString(),
            "application/json");

    assertThat(other.status()).as(other.body()).isEqualTo(409);
    assertThat(other.body()).contains(".spec.burst.maxUtilization");
    assertThat(kubectl.status()).as(kubectl.body()).isEqualTo(200);
    assertThat(kubectl.at("/spec/burst/maxUtilization")).isEqualTo("0.5");
    assertThat(
            ApiClient.tree(
                kubectl
                    .json()
                    .at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
                    .asString()))
        .isEqualTo(changed);
  }

  /**
   * {@code kubectl apply --server-side} after a client-side apply: client-go's csaupgrade turns the
   * client-side manager's Update entry into an Apply entry of {@code kubectl} and sends it as a
   * JSON patch that also replaces the resourceVersion, so that a stale one is a conflict.
   */
  @Test
  void kubectlsUpgradeToServerSideApplyHandsTheClientSideFieldsToItsApplyEntry() {
    String name = unique("csa");
    String path = "/apis/ubernetes.io/v1/placementpolicies";
    api.post(path + QUERY, policy(name, "\"{}\""));
    JsonNode live = api.get(path + "/" + name).json();
    ObjectNode entry = (ObjectNode) live.at("/metadata/managedFields/0").deepCopy();
    entry.put("manager", "kubectl").put("operation", "Apply");
    String upgrade =
        """
        [{"op": "replace", "path": "/metadata/managedFields", "value": [%s]},
         {"op": "replace", "path": "/metadata/resourceVersion", "value": "%s"}]
        """
            .formatted(entry, live.at("/metadata/resourceVersion").asString());
    ObjectNode applied = (ObjectNode) ApiClient.tree(policy(name, "\"{}\""));
    ((ObjectNode) applied.get("metadata")).remove("annotations");
    ((ObjectNode) applied.at("/spec/burst")).put("maxUtilization", 0.5);

    Response upgraded = api.jsonPatch(path + "/" + name + "?fieldManager=kubectl", upgrade);
    Response stale = api.jsonPatch(path + "/" + name + "?fieldManager=kubectl", upgrade);
    Response serverSide =
        api.send(
            "PATCH",
            path + "/" + name + "?fieldManager=kubectl&fieldValidation=Strict&force=false",
            "application/apply-patch+yaml",
            applied.toString(),
            "application/json");

    assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);
    assertThat(upgraded.json().at("/metadata/managedFields").size()).isEqualTo(1);
    assertThat(upgraded.at("/metadata/managedFields/0/manager")).isEqualTo("kubectl");
    assertThat(upgraded.at("/metadata/managedFields/0/operation")).isEqualTo("Apply");
    assertThat(stale.status()).as(stale.body()).isEqualTo(409);
    assertThat(serverSide.status()).as(serverSide.body()).isEqualTo(200);
    assertThat(serverSide.at("/spec/burst/maxUtilization")).isEqualTo("0.5");
    assertThat(serverSide.json().at("/metadata/managedFields").size()).isEqualTo(1);
    assertThat(serverSide.at("/metadata/managedFields/0/manager")).isEqualTo("kubectl");
    assertThat(serverSide.at("/metadata/managedFields/0/operation")).isEqualTo("Apply");
    assertThat(serverSide.json().at("/metadata/managedFields/0/fieldsV1/f:spec/f:burst"))
        .isEqualTo(ApiClient.tree("{\"f:maxUtilization\": {}, \"f:tiers\": {}}"));
  }

  /**
   * Flux's cleanup after its first apply: one JSON patch that gives the fields of kubectl's entries
   * to its own Apply entry and removes the last-applied-configuration annotation.
   */
  @Test
  void fluxsCleanupPatchReplacesManagedFieldsAndDropsTheLastAppliedAnnotation() {
    String name = unique("csa");
    String path = "/apis/ubernetes.io/v1/placementpolicies";
    api.post(path + QUERY, policy(name, "\"{}\""));
    JsonNode live = api.get(path + "/" + name).json();
    ObjectNode entry = (ObjectNode) live.at("/metadata/managedFields/0").deepCopy();
    entry.put("manager", "kustomize-controller").put("operation", "Apply");
    ((ObjectNode) entry.at("/fieldsV1/f:metadata/f:annotations")).removeAll();
    ((ObjectNode) entry.at("/fieldsV1/f:metadata")).remove("f:annotations");
    String cleanup =
        """
        [{"op": "remove",
          "path": "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"},
         {"op": "replace", "path": "/metadata/managedFields", "value": [%s]}]
        """
            .formatted(entry);

    Response cleaned =
        api.send(
            "PATCH",
            path + "/" + name + "?fieldManager=kustomize-controller",
            "application/json-patch+json",
            cleanup,
            "application/json");

    assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
    assertThat(cleaned.json().at("/metadata").has("annotations")).isFalse();
    assertThat(cleaned.json().at("/metadata/managedFields").size()).isEqualTo(1);
    assertThat(cleaned.at("/metadata/managedFields/0/manager")).isEqualTo("kustomize-controller");
    assertThat(cleaned.at("/metadata/managedFields/0/operation")).isEqualTo("Apply");
    assertThat(
            cleaned.json().at("/metadata/managedFields/0/fieldsV1/f:metadata").has("f:annotations"))
        .isFalse();
  }

  /**
   * A PUT or patch that carries managedFields replaces them; entries that are not managedFields
   * entries at all are a 4xx naming the field, never a 500; one that reads but means nothing keeps
   * the live ones, as Kubernetes decides.
   */
  @Test
  void writesCarryingManagedFieldsReplaceThemAndMalformedEntriesAreRefusedNamingTheField() {
    String name = unique("csa");
    String path = "/apis/ubernetes.io/v1/placementpolicies/" + name;
    api.post("/apis/ubernetes.io/v1/placementpolicies" + QUERY, policy(name, "\"{}\""));
    ObjectNode object = (ObjectNode) api.get(path).json();
    ArrayNode entries = (ArrayNode) object.at("/metadata/managedFields");
    ((ObjectNode) entries.get(0)).put("manager", "argocd-controller");

    Response put = api.put(path + "?fieldManager=kubectl-replace", object.toString());
    Response notAList =
        api.mergePatch(path, "{\"metadata\": {\"managedFields\": {\"manager\": \"x\"}}}");
    Response notAnEntry = api.mergePatch(path, "{\"metadata\": {\"managedFields\": [\"x\"]}}");
    Response badTime =
        api.mergePatch(
            path,
            """
            {"metadata": {"managedFields": [{"manager": "x", "operation": "Update",
              "time": "yesterday", "fieldsType": "FieldsV1", "fieldsV1": {}}]}}
            """);
    Response longManager =
        api.mergePatch(
            path,
            """
            {"metadata": {"managedFields": [{"manager": "%s", "operation": "Update",
              "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}]}}
            """
                .formatted("m".repeat(129)));
    Response unreadable =
        api.mergePatch(
            path,
            """
            {"metadata": {"managedFields": [{"manager": "x", "operation": "Delete",
              "fieldsType": "FieldsV1", "fieldsV1": {}}]}}
            """);

    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.at("/metadata/managedFields/0/manager")).isEqualTo("argocd-controller");
    assertThat(put.json().at("/metadata/managedFields").size()).isEqualTo(1);
    assertThat(notAList.status()).as(notAList.body()).isBetween(400, 422);
    assertThat(notAList.body()).contains("metadata.managedFields");
    assertThat(notAnEntry.status()).as(notAnEntry.body()).isBetween(400, 422);
    assertThat(notAnEntry.body()).contains("metadata.managedFields[0]");
    assertThat(badTime.status()).as(badTime.body()).isBetween(400, 422);
    assertThat(badTime.body()).contains("metadata.managedFields[0].time");
    assertThat(longManager.status()).as(longManager.body()).isEqualTo(422);
    assertThat(longManager.body()).contains("metadata.managedFields[0].manager");
    assertThat(unreadable.status()).as(unreadable.body()).isEqualTo(200);
    assertThat(unreadable.at("/metadata/managedFields/0/manager")).isEqualTo("argocd-controller");
  }
}
