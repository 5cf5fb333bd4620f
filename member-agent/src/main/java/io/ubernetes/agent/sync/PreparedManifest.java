package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A manifest ready to write: a private copy with its namespace, the managed labels and the
 * generation and workload revision annotations set, and without status or server-owned metadata.
 * Pod templates get the managed labels too, so that the pods the federation placed can be told
 * apart from the others when the agent reports what the cluster has allocated.
 */
record PreparedManifest(ObjectRef ref, Map<String, Object> body) {
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
  private static final Set<String> POD_TEMPLATE_KINDS =
      Set.of("Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job");
  private static final List<String> SERVER_OWNED =
      List.of(
          "resourceVersion",
          "uid",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "generation",
          "managedFields",
          "selfLink");

  /** Prepares a manifest, or explains why it cannot be applied. */
  static PreparedManifest of(WorkloadKey key, WorkItem item, Map<String, Object> manifest)
      throws InvalidManifestException {
    ObjectRef ref = Manifests.ref(manifest, item.namespace());
    if (ref.apiVersion() == null || ref.kind() == null) {
      throw new InvalidManifestException("apiVersion and kind are required");
    }
    if (ref.name() == null || ref.name().isBlank()) {
      throw new InvalidManifestException("metadata.name is required");
    }
    String workload = key.label();
    if (workload.length() > 63 || !LABEL_VALUE.matcher(workload).matches()) {
      throw new InvalidManifestException(
          "the workload label value \""
              + workload
              + "\" is not a valid label value (63 characters at most)");
    }
    Map<String, Object> body = copy(manifest);
    body.remove("status");
    Map<String, Object> metadata = child(body, "metadata");
    SERVER_OWNED.forEach(metadata::remove);
    if (ref.namespace() == null) {
      metadata.remove("namespace");
    } else {
      metadata.put("namespace", ref.namespace());
    }
    Map<String, Object> labels = child(metadata, "labels");
    labels.put(WireLabels.MANAGED_BY, WireLabels.MANAGER);
    labels.put(WireLabels.WORKLOAD, workload);
    Map<String, Object> annotations = child(metadata, "annotations");
    annotations.put(WireLabels.GENERATION, Long.toString(item.generation()));
    if (item.workloadRevision() != null) {
      // The federation marks it too; set here as well, so no manifest can say otherwise.
      annotations.put(WireLabels.REVISION, Integer.toString(item.workloadRevision()));
    }
    Map<String, Object> spec = body.get("spec") instanceof Map<?, ?> ? child(body, "spec") : null;
    if (spec != null && POD_TEMPLATE_KINDS.contains(ref.kind())) {
      markPodTemplate(spec, workload);
    } else if (spec != null && ref.kind().equals("CronJob")) {
      markPodTemplate(child(child(spec, "jobTemplate"), "spec"), workload);
    }
    return new PreparedManifest(ref, body);
  }

  /** Labels only: a generation annotation would restart every pod on a replicas change. */
  private static void markPodTemplate(Map<String, Object> spec, String workload) {
    Map<String, Object> labels = child(child(child(spec, "template"), "metadata"), "labels");
    labels.put(WireLabels.MANAGED_BY, WireLabels.MANAGER);
    labels.put(WireLabels.WORKLOAD, workload);
  }

  /**
   * The manifest written over the live object: its resourceVersion (so a concurrent write makes
   * this one fail with 409), other managers' labels, annotations, finalizers and owners, and the
   * status (real API servers ignore it there; servers without a status subresource would lose it).
   */
  Map<String, Object> onTopOf(Map<String, Object> live) {
    Map<String, Object> merged = copy(body);
    Map<String, Object> metadata = child(merged, "metadata");
    Map<String, Object> liveMetadata = child(live, "metadata");
    metadata.put("resourceVersion", liveMetadata.get("resourceVersion"));
    for (String field : List.of("labels", "annotations")) {
      Map<String, Object> both = new LinkedHashMap<>(child(liveMetadata, field));
      both.putAll(child(metadata, field));
      metadata.put(field, both);
    }
    for (String field : List.of("finalizers", "ownerReferences")) {
      if (!metadata.containsKey(field) && liveMetadata.get(field) != null) {
        metadata.put(field, liveMetadata.get(field));
      }
    }
    if (live.get("status") != null) {
      merged.put("status", live.get("status"));
    }
    return merged;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> child(Map<String, Object> parent, String field) {
    Object value = parent.get(field);
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(field, created);
    return created;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> source) {
    return (Map<String, Object>) deepCopy(source);
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }

  /** The manifest cannot be applied as it is; trying again will not help. */
  static final class InvalidManifestException extends Exception {
    InvalidManifestException(String message) {
      super(message);
    }
  }
}
