package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Handing {@code spec.replicas} of an object the agent applies server-side to the member's
 * autoscaler. Server-side apply removes a field that an applied configuration drops, when no other
 * manager owns it, and a Deployment without replicas falls back to 1. So before the agent drops the
 * field, another manager ({@value #MANAGER}) applies the live count alone and shares the field; the
 * agent's next apply without it then leaves the count as it is. This is the "transferring
 * ownership" procedure of the Kubernetes server-side apply documentation, done for every object the
 * agent still owns the replicas of (the federation switched the workload to member autoscaling, or
 * the object was created with its starting count and the autoscaler has not scaled it yet).
 */
final class ReplicasHandover {
  /** The field manager that holds the replicas for the member's autoscaler. */
  static final String MANAGER = "ubernetes-replicas-handover";

  private ReplicasHandover() {}

  /**
   * The configuration {@link #MANAGER} applies: the live object's replicas alone. Null when there
   * is nothing to hand over: the agent's applies do not own the field, or the object has no
   * replicas.
   *
   * @param live the object as it is now, with its managed fields
   */
  static Map<String, Object> of(HasMetadata live, Map<String, Object> liveMap) {
    Object replicas = Manifests.map(liveMap.get("spec")).get("replicas");
    if (replicas == null || !appliedBy(live, ManifestApplier.FIELD_MANAGER)) {
      return null;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", live.getMetadata().getName());
    metadata.put("namespace", live.getMetadata().getNamespace());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", replicas);
    Map<String, Object> handover = new LinkedHashMap<>();
    handover.put("apiVersion", liveMap.get("apiVersion"));
    handover.put("kind", liveMap.get("kind"));
    handover.put("metadata", metadata);
    handover.put("spec", spec);
    return handover;
  }

  /** Whether {@code manager}'s server-side applies own {@code spec.replicas} of the object. */
  static boolean appliedBy(HasMetadata live, String manager) {
    List<ManagedFieldsEntry> entries = live.getMetadata().getManagedFields();
    if (entries == null) {
      return false;
    }
    for (ManagedFieldsEntry entry : entries) {
      if (manager.equals(entry.getManager())
          && "Apply".equals(entry.getOperation())
          && ownsReplicas(entry.getFieldsV1())) {
        return true;
      }
    }
    return false;
  }

  private static boolean ownsReplicas(FieldsV1 fields) {
    if (fields == null || fields.getAdditionalProperties() == null) {
      return false;
    }
    return Manifests.map(fields.getAdditionalProperties().get("f:spec")).containsKey("f:replicas");
  }
}
