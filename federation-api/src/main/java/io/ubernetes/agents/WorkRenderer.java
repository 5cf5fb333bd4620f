package io.ubernetes.agents;

import io.ubernetes.api.resource.ApiException;
import io.ubernetes.api.resource.Patch;
import io.ubernetes.api.workload.FederatedWorkload;
import io.ubernetes.api.workload.WorkloadSpec;
import io.ubernetes.api.workload.WorkloadSpec.ClusterOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders what one cluster runs of a workload: the resources that follow it, then its template with
 * the cluster's overrides applied and its replicas set to the cluster's share; each in the
 * workload's namespace, labelled as managed by the federation and annotated with the generation.
 */
@Component
class WorkRenderer {
  static final String MANAGED_BY = "ubernetes.io/managed-by";
  static final String MANAGER = "ubernetes";
  static final String WORKLOAD = "ubernetes.io/workload";
  static final String GENERATION = "ubernetes.io/generation";

  /** Kinds whose {@code spec.replicas} is the number of pods to run. */
  private static final Set<String> REPLICATED =
      Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController");

  /** Thrown when a cluster's overrides do not apply to the template. */
  static final class RenderException extends Exception {
    RenderException(String message) {
      super(message, null, false, false);
    }
  }

  List<ObjectNode> render(
      FederatedWorkload workload, Map<String, String> clusterLabels, int replicas)
      throws RenderException {
    WorkloadSpec spec = workload.spec();
    String namespace = workload.metadata().namespace();
    String name = workload.metadata().name();
    long generation = workload.metadata().generation();
    JsonNode template = spec.template().deepCopy();
    List<ClusterOverride> overrides = spec.overrides();
    for (int i = 0; i < overrides.size(); i++) {
      ClusterOverride override = overrides.get(i);
      if (override.clusterSelector() != null
          && !override.clusterSelector().matches(clusterLabels)) {
        continue;
      }
      ArrayNode operations = JsonNodeFactory.instance.arrayNode();
      override.patch().forEach(operations::add);
      try {
        template = new Patch.JsonPatch(operations).apply(template);
      } catch (ApiException e) {
        throw new RenderException("spec.overrides[" + i + "] does not apply: " + e.getMessage());
      }
    }
    List<ObjectNode> manifests = new ArrayList<>();
    for (JsonNode resource : spec.resources()) {
      manifests.add(mark((ObjectNode) resource.deepCopy(), namespace, name, name, generation));
    }
    ObjectNode main = mark((ObjectNode) template, namespace, name, name, generation);
    if (REPLICATED.contains(main.path("kind").asString(""))) {
      object(main, "spec").put("replicas", replicas);
    }
    labelPods(main, namespace + "." + name);
    manifests.add(main);
    return manifests;
  }

  /**
   * Labels the pods of a workload object as the federation's too, so that the agent can report what
   * its cluster uses net of them (the scheduler's ledger counts them already). Pod template labels
   * may grow beyond the selector: the selector itself is left alone.
   */
  private static void labelPods(ObjectNode main, String workload) {
    if (!(main.path("spec").path("template") instanceof ObjectNode template)) {
      return;
    }
    ObjectNode labels = object(object(template, "metadata"), "labels");
    labels.put(MANAGED_BY, MANAGER);
    labels.put(WORKLOAD, workload);
  }

  /** Sets namespace, default name, the managed labels and the generation annotation. */
  private static ObjectNode mark(
      ObjectNode manifest, String namespace, String workload, String defaultName, long generation) {
    ObjectNode metadata = object(manifest, "metadata");
    if (!metadata.hasNonNull("name") || metadata.path("name").asString("").isEmpty()) {
      metadata.put("name", defaultName);
    }
    metadata.put("namespace", namespace);
    ObjectNode labels = object(metadata, "labels");
    labels.put(MANAGED_BY, MANAGER);
    labels.put(WORKLOAD, namespace + "." + workload);
    object(metadata, "annotations").put(GENERATION, Long.toString(generation));
    return manifest;
  }

  /** The object under {@code field}, made if missing or not an object. */
  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode existing ? existing : parent.putObject(field);
  }
}
