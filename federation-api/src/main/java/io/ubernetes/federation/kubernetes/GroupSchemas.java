package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.override.RenderedWork;
import io.ubernetes.federation.resource.DeleteOptions;
import io.ubernetes.federation.resource.ListMeta;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.rollout.WorkloadRevisionList;
import io.ubernetes.federation.rollout.WorkloadRollout;
import io.ubernetes.federation.scheduling.WorkloadPlacement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas of the group's kinds and their lists, under the names Kubernetes gives them ({@code
 * io.ubernetes.v1.FederatedWorkload}, {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}), in
 * the form both OpenAPI v3 and v2 documents carry: only the prefix of references differs.
 */
final class GroupSchemas {
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String OBJECT_META = META + "ObjectMeta";
  static final String LIST_META = META + "ListMeta";
  static final String PATCH = META + "Patch";
  static final String DELETE_OPTIONS = META + "DeleteOptions";
  static final String V2_REFS = "#/definitions/";
  static final String V3_REFS = "#/components/schemas/";
  static final String PREFIX = "io.ubernetes." + KubernetesApi.VERSION + ".";

  private final SchemaDescriptions descriptions = new SchemaDescriptions();
  private final List<ResourceStrategy<?, ?, ?>> strategies;

  GroupSchemas(List<ResourceStrategy<?, ?, ?>> strategies) {
    this.strategies = List.copyOf(strategies);
  }

  /** The name of a kind's schema. */
  static String name(String kind) {
    return PREFIX + kind;
  }

  /** The GroupVersionKind of {@code kind}, as the {@code x-kubernetes-group-version-kind}. */
  static Map<String, Object> gvk(String kind) {
    Map<String, Object> gvk = new LinkedHashMap<>();
    gvk.put("group", KubernetesApi.GROUP);
    gvk.put("version", KubernetesApi.VERSION);
    gvk.put("kind", kind);
    return gvk;
  }

  /**
   * Every schema, by name.
   *
   * @param refs how references start: {@code #/components/schemas/} or {@code #/definitions/}
   */
  Map<String, Object> all(String refs) {
    Map<String, Object> schemas = new LinkedHashMap<>();
    RecordSchemas plain = new RecordSchemas(descriptions, Map.of());
    schemas.put(
        OBJECT_META,
        object(
            "ObjectMeta is metadata that all persisted resources must have. Clients set name,"
                + " namespace, labels and annotations; the server sets the rest.",
            plain.properties(ObjectMeta.class, "metadata.")));
    schemas.put(
        LIST_META,
        object(
            "ListMeta describes metadata that synthetic resources must have, including lists.",
            plain.properties(ListMeta.class, "metadata.")));
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("type", "object");
    patch.put(
        "description",
        "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.");
    schemas.put(PATCH, patch);
    schemas.put(
        DELETE_OPTIONS,
        object(
            "DeleteOptions may be provided when deleting an API object. The federation's objects own"
                + " nothing a deletion could leave behind or wait for, so every propagation policy"
                + " and grace period means the same: deleted now.",
            plain.properties(DeleteOptions.class, "")));
    for (ResourceStrategy<?, ?, ?> strategy : strategies) {
      schemas.put(name(strategy.kind()), kind(strategy, refs));
      schemas.put(name(strategy.kind() + "List"), list(strategy.kind(), refs));
    }
    schemas.put(
        name(WorkloadPlacement.KIND),
        answer(WorkloadPlacement.class, WorkloadPlacement.KIND, refs));
    schemas.put(
        name(WorkloadRevisionList.KIND),
        answer(WorkloadRevisionList.class, WorkloadRevisionList.KIND, refs));
    schemas.put(
        name(WorkloadRollout.KIND), answer(WorkloadRollout.class, WorkloadRollout.KIND, refs));
    schemas.put(name(RenderedWork.KIND), answer(RenderedWork.class, RenderedWork.KIND, refs));
    return schemas;
  }

  /**
   * What a workload's read-only subresource answers: {@code placement} the scheduler's decision,
   * explained; {@code revisions} its kept revisions; {@code rollout} the rollout of its newest
   * revision; {@code render} what one cluster gets of it.
   */
  private Map<String, Object> answer(Class<? extends Record> type, String kind, String refs) {
    Map<String, Object> properties = new RecordSchemas(descriptions, Map.of()).properties(type, "");
    properties.put("metadata", metadata(refs + OBJECT_META, properties.get("metadata")));
    Map<String, Object> schema = object(descriptions.ofType(type), properties);
    schema.put("x-kubernetes-group-version-kind", List.of(gvk(kind)));
    return schema;
  }

  private Map<String, Object> kind(ResourceStrategy<?, ?, ?> strategy, String refs) {
    RecordSchemas records = new RecordSchemas(descriptions, strategy.listMapKeys());
    Map<String, Object> properties = records.properties(strategy.type(), "");
    properties.put("metadata", metadata(refs + OBJECT_META, properties.get("metadata")));
    Map<String, Object> schema = object(descriptions.ofType(strategy.type()), properties);
    List<String> required = RecordSchemas.required(strategy.type());
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("x-kubernetes-group-version-kind", List.of(gvk(strategy.kind())));
    return schema;
  }

  private static Map<String, Object> list(String kind, String refs) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "apiVersion",
        described("string", "APIVersion defines the versioned schema of this representation."));
    properties.put("kind", described("string", "Kind is the type of this list: " + kind + "List."));
    properties.put(
        "metadata",
        metadata(
            refs + LIST_META,
            Map.of("description", "Standard list metadata: the resourceVersion and continue.")));
    Map<String, Object> items = new LinkedHashMap<>();
    items.put("type", "array");
    items.put("description", "The " + kind + " objects of the list.");
    items.put("items", Map.of("$ref", refs + name(kind)));
    properties.put("items", items);
    Map<String, Object> schema = object("A list of " + kind + " objects.", properties);
    schema.put("required", List.of("items"));
    schema.put("x-kubernetes-group-version-kind", List.of(gvk(kind + "List")));
    return schema;
  }

  /**
   * Metadata as Kubernetes declares it: a reference wrapped in {@code allOf}, so that the property
   * keeps a description of its own.
   */
  private static Map<String, Object> metadata(String ref, Object walked) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    Object description = walked instanceof Map<?, ?> map ? map.get("description") : null;
    if (description != null) {
      metadata.put("description", description);
    }
    if (ref.startsWith(V2_REFS)) {
      // Swagger 2.0 as Kubernetes writes it: the reference beside the description.
      metadata.put("$ref", ref);
    } else {
      metadata.put("default", Map.of());
      metadata.put("allOf", List.of(Map.of("$ref", ref)));
    }
    return metadata;
  }

  private static Map<String, Object> object(String description, Map<String, Object> properties) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    if (description != null) {
      schema.put("description", description);
    }
    schema.put("properties", properties);
    return schema;
  }

  private static Map<String, Object> described(String type, String description) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", type);
    schema.put("description", description);
    return schema;
  }
}
