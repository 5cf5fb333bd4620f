package io.ubernetes.agent.protocol;

import java.util.List;
import java.util.Map;

/**
 * What one workload must run in the agent's cluster, complete: its template with this cluster's
 * overrides applied and replicas set to this cluster's share, and the resources that follow it,
 * each with its namespace and the labels that mark it as managed by the federation.
 *
 * @param workloadUid the federated workload
 * @param generation the workload generation the manifests come from
 * @param revision the federation's revision of this item
 * @param manifests native Kubernetes objects, in the order to apply them
 * @param error why the federation could not render this cluster's manifests (e.g. an override that
 *     does not apply); null when it could
 * @param workloadRevision the workload revision the manifests were rendered from; the agent applies
 *     it whole or not at all. Null from federations that do not number revisions
 * @param replicasOwnedByMember whether an autoscaler in the member owns {@code spec.replicas} of
 *     the workload's object: the agent sets the rendered replicas when it creates the object and
 *     never resets them after. Null (false) from federations that do not tell
 * @param feedback the status fields of the item's objects to report back
 */
public record WorkItem(
    String workloadUid,
    String namespace,
    String name,
    long generation,
    long revision,
    List<Map<String, Object>> manifests,
    String error,
    Integer workloadRevision,
    Boolean replicasOwnedByMember,
    List<FeedbackRule> feedback) {
  public WorkItem {
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
    feedback = feedback == null ? List.of() : List.copyOf(feedback);
  }

  /** Whether the member's autoscaler owns the replicas; false when the federation does not say. */
  public boolean memberOwnsReplicas() {
    return Boolean.TRUE.equals(replicasOwnedByMember);
  }
}
