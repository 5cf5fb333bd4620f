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
 *
 * @param body the whole manifest, as an object is created from it
 * @param replicasOwnedByMember whether an autoscaler in the member owns this object's {@code
 *     spec.replicas}: the body's replicas (the federation's share) are the count it starts with,
 *     and the live object's count is kept from then on (see {@link #desired()}, {@link #onTopOf})
 */
record PreparedManifest(ObjectRef ref, Map<String, Object> body, boolean replicasOwnedByMember) {
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  /** Kinds whose {@code spec.replicas} an autoscaler may own. */
  private static final Set<String> SCALABLE_KINDS =
      Set.of("Deployment", "StatefulSet", "ReplicaSet");

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
    boolean memberReplicas =
        item.memberOwnsReplicas()
            && SCALABLE_KINDS.contains(ref.kind())
            && ref.equals(Manifests.workloadObject(item));
    return new PreparedManifest(ref, body, memberReplicas);
  }

  /**
   * What a live object must hold to need no write: the body, without {@code spec.replicas} when the
   * member's autoscaler owns them, so that its count is never drift.
   */
  Map<String, Object> desired() {
    if (!replicasOwnedByMember || !(body.get("spec") instanceof Map<?, ?>)) {
      return body;
    }
    Map<String, Object> desired = copy(body);
    child(desired, "spec").remove("replicas");
    return desired;
  }

  /**
   * What to apply server-side: the body over an object that does not exist yet; over one that does,
   * {@link #desired()}, so that the autoscaler's count stays (and is not the agent's to own: see
   * {@link ManifestApplier}).
   */
  Map<String, Object> applied(boolean exists) {
    return exists ? desired() : body;
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
   * status (real API servers ignore it there; servers without a status subresource would lose it),
   * and the live replicas when the member's autoscaler owns them.
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
    if (replicasOwnedByMember && merged.get("spec") instanceof Map<?, ?>) {
      Object liveReplicas = Manifests.map(live.get("spec")).get("replicas");
      if (liveReplicas != null) {
        child(merged, "spec").put("replicas", liveReplicas);
      } else {
        child(merged, "spec").remove("replicas");
      }
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
