package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.KubernetesClientIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply as the Fabric8 client, Flux and kubectl send it: creates, updates, conflicts
 * between managers, force, removal of what a manager stops applying, dry runs, and managedFields
 * written by clients.
 */
class ServerSideApplyIT extends KubernetesClientIntegrationTest {
  private static final String APPLY = "application/apply-patch+yaml";

  private GenericKubernetesResource manifest(
      String name, int replicas, Map<String, String> labels) {
    GenericKubernetesResource resource =
        client
            .getKubernetesSerialization()
            .unmarshal(
                workload(name).replace("\"replicas\": 6", "\"replicas\": " + replicas),
                GenericKubernetesResource.class);
    resource.getMetadata().setLabels(labels);
    return resource;
  }

  private Resource<GenericKubernetesResource> workloadIn(
      String namespace, GenericKubernetesResource item) {
    return client
        .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
        .inNamespace(namespace)
        .resource(item);
  }

  private static Map<String, String> managers(GenericKubernetesResource resource) {
    Map<String, String> managers = new java.util.TreeMap<>();
    for (ManagedFieldsEntry entry : resource.getMetadata().getManagedFields()) {
      managers.put(entry.getManager(), entry.getOperation());
    }
    return managers;
  }

  private static String fields(GenericKubernetesResource resource, String manager) {
    return resource.getMetadata().getManagedFields().stream()
        .filter(entry -> entry.getManager().equals(manager))
        .findFirst()
        .map(entry -> ApiClient.json(entry.getFieldsV1().getAdditionalProperties()))
        .orElse(null);
  }

  @Test
  void anApplyCreatesTheObjectAndItsManagerOwnsWhatItApplied() {
    String namespace = unique("ssa");
    String name = unique("web");

    GenericKubernetesResource created =
        workloadIn(namespace, manifest(name, 3, Map.of("app", "web")))
            .fieldManager("flux")
            .serverSideApply();

    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.get("spec", "replicas").toString()).isEqualTo("3");
    assertThat(managers(created)).containsExactly(Map.entry("flux", "Apply"));
    assertThat(fields(created, "flux"))
        .contains("\"f:replicas\":{}")
        .contains("\"f:labels\":{\"f:app\":{}}")
        .doesNotContain("f:status");
  }

  @Test
  void theSameManagerChangesWhatItAppliesAndFieldsItStopsApplyingAreRemoved() {
    String namespace = unique("ssa");
    String name = unique("web");
    workloadIn(namespace, manifest(name, 3, Map.of("app", "web", "tier", "gold")))
        .fieldManager("flux")
        .serverSideApply();

    GenericKubernetesResource updated =
        workloadIn(namespace, manifest(name, 4, Map.of("app", "web")))
            .fieldManager("flux")
            .serverSideApply();

    assertThat(updated.get("spec", "replicas").toString()).isEqualTo("4");
    assertThat(updated.getMetadata().getLabels()).containsOnlyKeys("app");
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void anotherManagerApplyingAnotherValueConflictsAndForcingTakesTheField() {
    String namespace = unique("ssa");
    String name = unique("web");
    workloadIn(namespace, manifest(name, 3, Map.of("app", "web")))
        .fieldManager("flux")
        .serverSideApply();

    assertThatThrownBy(
            () ->
                workloadIn(namespace, manifest(name, 5, Map.of("app", "web")))
                    .fieldManager("kubectl")
                    .serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getMessage())
                  .contains("Apply failed with 1 conflict: conflict with \"flux\": .spec.replicas");
            });
    GenericKubernetesResource forced =
        workloadIn(namespace, manifest(name, 5, Map.of("app", "web")))
            .fieldManager("kubectl")
            .forceConflicts()
            .serverSideApply();

    assertThat(forced.get("spec", "replicas").toString()).isEqualTo("5");
    assertThat(fields(forced, "kubectl")).contains("f:replicas");
    assertThat(fields(forced, "flux")).doesNotContain("f:replicas").contains("f:template");
  }

  @Test
  void theConflictNamesEachFieldAsACause() {
    String namespace = unique("ssa");
    String name = unique("web");
    String path = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads/" + name;
    api.send("PATCH", path + "?fieldManager=flux", APPLY, workload(name), "application/json");

    Response conflict =
        api.send(
            "PATCH",
            path + "?fieldManager=kubectl",
            APPLY,
            workload(name).replace("\"replicas\": 6", "\"replicas\": 2"),
            "application/json");

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.body()).contains("FieldManagerConflict").contains(".spec.replicas");
  }

  @Test
  void dryRunAppliesAnswerWithManagedFieldsAndStoreNothing() {
    String namespace = unique("ssa");
    String name = unique("web");

    GenericKubernetesResource dryCreated =
        workloadIn(namespace, manifest(name, 3, Map.of("app", "web")))
            .dryRun()
            .fieldManager("flux")
            .serverSideApply();
    Response absent =
        api.get("/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads/" + name);
    GenericKubernetesResource created =
        workloadIn(namespace, manifest(name, 3, Map.of("app", "web")))
            .fieldManager("flux")
            .serverSideApply();
    GenericKubernetesResource dryUpdated =
        workloadIn(namespace, manifest(name, 8, Map.of("app", "web")))
            .dryRun()
            .fieldManager("argocd-controller")
            .forceConflicts()
            .serverSideApply();
    GenericKubernetesResource stored = workloadIn(namespace, manifest(name, 3, Map.of())).get();

    assertThat(dryCreated.getMetadata().getResourceVersion()).isNullOrEmpty();
    assertThat(managers(dryCreated)).containsExactly(Map.entry("flux", "Apply"));
    assertThat(absent.status()).isEqualTo(404);
    assertThat(dryUpdated.get("spec", "replicas").toString()).isEqualTo("8");
    assertThat(managers(dryUpdated)).containsKeys("flux", "argocd-controller");
    assertThat(dryUpdated.getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(stored.get("spec", "replicas").toString()).isEqualTo("3");
    assertThat(managers(stored)).containsExactly(Map.entry("flux", "Apply"));
  }

  @Test
  void fluxsSequenceDryRunAppliesApplyThenRewritesManagedFieldsWithoutDrift() {
    String namespace = unique("ssa");
    String name = unique("web");
    String path = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads/" + name;
    String query = "?fieldManager=kustomize-controller&force=true";
    api.post(
        "/apis/ubernetes.io/v1/namespaces/"
            + namespace
            + "/federatedworkloads?fieldManager=kubectl",
        workload(name));

    Response dryRun =
        api.send("PATCH", path + query + "&dryRun=All", APPLY, workload(name), "application/json");
    Response applied = api.send("PATCH", path + query, APPLY, workload(name), "application/json");
    Response again =
        api.send("PATCH", path + query + "&dryRun=All", APPLY, workload(name), "application/json");
    Response reapplied = api.send("PATCH", path + query, APPLY, workload(name), "application/json");
    Response rewritten =
        api.jsonPatch(
            path,
            """
            [{"op": "replace", "path": "/metadata/managedFields", "value": [
              {"manager": "kustomize-controller", "operation": "Apply", "apiVersion": "ubernetes.io/v1",
               "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:replicas": {}}}}]}]
            """);
    Response reset = api.mergePatch(path, "{\"metadata\": {\"managedFields\": []}}");

    assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(managerNames(applied.json())).contains("kubectl", "kustomize-controller");
    assertThat(withoutMetadataAndStatus(again.json()))
        .isEqualTo(withoutMetadataAndStatus(applied.json()));
    assertThat(again.json().at("/metadata/labels"))
        .isEqualTo(applied.json().at("/metadata/labels"));
    assertThat(again.at("/metadata/resourceVersion"))
        .isEqualTo(applied.at("/metadata/resourceVersion"));
    assertThat(reapplied.json()).isEqualTo(applied.json());
    assertThat(rewritten.status()).as(rewritten.body()).isEqualTo(200);
    assertThat(managerNames(rewritten.json())).containsExactly("kustomize-controller");
    assertThat(rewritten.json().at("/metadata/managedFields/0/fieldsV1"))
        .isEqualTo(ApiClient.tree("{\"f:spec\": {\"f:replicas\": {}}}"));
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.json().at("/metadata").has("managedFields")).isFalse();
  }

  @Test
  void otherWritesAreUpdateEntriesOfTheirFieldManager() {
    String namespace = unique("ssa");
    String name = unique("web");
    String collection = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads";
    api.post(collection + "?fieldManager=kubectl-client-side-apply", workload(name));

    Response patched =
        api.mergePatch(
            collection + "/" + name + "?fieldManager=kubectl-edit",
            "{\"spec\": {\"replicas\": 2}}");

    JsonNode entries = patched.json().at("/metadata/managedFields");
    assertThat(managerNames(patched.json()))
        .containsExactly("kubectl-client-side-apply", "kubectl-edit");
    assertThat(entries.get(1).at("/operation").asString()).isEqualTo("Update");
    assertThat(entries.get(1).at("/fieldsV1"))
        .isEqualTo(ApiClient.tree("{\"f:spec\": {\"f:replicas\": {}}}"));
    assertThat(entries.get(0).at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
  }

  @Test
  void appliesWithoutFieldManagerOrWithManagedFieldsAndForcedOtherPatchesAreRefused() {
    String namespace = unique("ssa");
    String name = unique("web");
    String path = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads/" + name;
    ObjectNode withManagedFields = (ObjectNode) ApiClient.tree(workload(name));
    ((ObjectNode) withManagedFields.get("metadata"))
        .putArray("managedFields")
        .addObject()
        .put("manager", "x");

    Response noManager = api.send("PATCH", path, APPLY, workload(name), "application/json");
    Response managed =
        api.send(
            "PATCH",
            path + "?fieldManager=me",
            APPLY,
            withManagedFields.toString(),
            "application/json");
    Response forcedMerge =
        api.send(
            "PATCH",
            path + "?force=true",
            "application/merge-patch+json",
            "{}",
            "application/json");

    assertThat(noManager.status()).isEqualTo(422);
    assertThat(noManager.body()).contains("fieldManager");
    assertThat(managed.status()).isEqualTo(400);
    assertThat(managed.body()).contains("metadata.managedFields");
    assertThat(forcedMerge.status()).isEqualTo(422);
    assertThat(forcedMerge.body()).contains("force");
  }

  @Test
  void theFederationsOwnPathsTakeAppliesInYamlToo() {
    String namespace = unique("ssa");
    String name = unique("web");
    String yaml =
        """
        apiVersion: ubernetes.io/v1
        kind: FederatedWorkload
        metadata:
          name: %s
        spec:
          replicas: 2
          template: %s
        """
            .formatted(
                name, io.ubernetes.federation.testing.Manifests.deployment("nginx:1.27").strip());

    Response created =
        api.send(
            "PATCH",
            "/api/v1/namespaces/" + namespace + "/workloads/" + name + "?fieldManager=me",
            APPLY,
            yaml,
            "application/json");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.at("/spec/replicas")).isEqualTo("2");
    assertThat(created.at("/metadata/managedFields/0/manager")).isEqualTo("me");
  }

  @Test
  void aServicePortAppliedWithoutItsProtocolIsTheTcpPortItDefaultsToForEveryManager() {
    String namespace = unique("ssa");
    String name = unique("web");
    String group = "/apis/ubernetes.io/v1/namespaces/" + namespace;
    String path = group + "/federatedservices/" + name;
    api.post(group + "/federatedworkloads", workload(name));
    String service =
        """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedService", "metadata": {"name": "%s"},
         "spec": {"workload": "%s", "ports": %s}}
        """;
    String withoutProtocol = service.formatted(name, name, "[{\"name\": \"http\", \"port\": 80}]");
    String withProtocol =
        service.formatted(
            name, name, "[{\"name\": \"http\", \"port\": 80, \"protocol\": \"TCP\"}]");
    String otherPort =
        service.formatted(name, name, "[{\"name\": \"dns\", \"port\": 53, \"protocol\": \"UDP\"}]");

    Response created =
        api.send("PATCH", path + "?fieldManager=flux", APPLY, withoutProtocol, "application/json");
    Response again =
        api.send("PATCH", path + "?fieldManager=flux", APPLY, withoutProtocol, "application/json");
    Response shared =
        api.send("PATCH", path + "?fieldManager=kubectl", APPLY, withProtocol, "application/json");
    Response fluxMoves =
        api.send("PATCH", path + "?fieldManager=flux", APPLY, otherPort, "application/json");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().at("/spec/ports").size()).isEqualTo(1);
    assertThat(again.at("/spec/ports/0/protocol")).isEqualTo("TCP");
    assertThat(again.json().at("/metadata/managedFields/0/fieldsV1/f:spec/f:ports"))
        .isEqualTo(
            ApiClient.tree(
                """
                {"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}": {".": {}, "f:name": {}, "f:port": {}}}
                """));
    assertThat(shared.status()).as(shared.body()).isEqualTo(200);
    assertThat(shared.json().at("/spec/ports").size()).isEqualTo(1);
    assertThat(fluxMoves.status()).as(fluxMoves.body()).isEqualTo(200);
    assertThat(fluxMoves.json().at("/spec/ports").valueStream().map(p -> p.at("/port").asInt()))
        .as("port 80 is still kubectl's")
        .containsExactlyInAnyOrder(80, 53);
  }

  private static List<String> managerNames(JsonNode object) {
    return object
        .at("/metadata/managedFields")
        .valueStream()
        .map(e -> e.at("/manager").asString())
        .toList();
  }

  private static JsonNode withoutMetadataAndStatus(JsonNode object) {
    ObjectNode copy = (ObjectNode) object.deepCopy();
    copy.remove("metadata");
    copy.remove("status");
    return copy;
  }
}
