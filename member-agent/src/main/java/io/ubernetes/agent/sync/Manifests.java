package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Reading manifests (plain maps) without deserializing them. */
public final class Manifests {
  private Manifests() {}

  /** The objects an item's manifests describe, in order. */
  public static Set<ObjectRef> refs(WorkItem item) {
    Set<ObjectRef> refs = new LinkedHashSet<>();
    for (Map<String, Object> manifest : item.manifests()) {
      refs.add(ref(manifest, item.namespace()));
    }
    return refs;
  }

  /**
   * The workload's own object, rendered from its template: the federation sends it last, after the
   * objects it needs. Null for an item without manifests.
   */
  public static ObjectRef workloadObject(WorkItem item) {
    return item.manifests().isEmpty() ? null : ref(item.manifests().getLast(), item.namespace());
  }

  /**
   * The object a manifest describes; its namespace defaults to the workload's. A cluster-scoped
   * workload has none to give: an object that names none there has a null namespace.
   */
  public static ObjectRef ref(Map<String, Object> manifest, String defaultNamespace) {
    Map<String, Object> metadata = map(manifest.get("metadata"));
    String namespace = string(metadata.get("namespace"));
    return new ObjectRef(
        string(manifest.get("apiVersion")),
        string(manifest.get("kind")),
        namespace != null && !namespace.isBlank()
            ? namespace
            : defaultNamespace == null || defaultNamespace.isEmpty() ? null : defaultNamespace,
        string(metadata.get("name")));
  }

  public static String describe(ObjectRef ref) {
    return ref.namespace() == null
        ? ref.kind() + " " + ref.name()
        : ref.kind() + " " + ref.namespace() + "/" + ref.name();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static String string(Object value) {
    return value == null ? null : Objects.toString(value);
  }
}
