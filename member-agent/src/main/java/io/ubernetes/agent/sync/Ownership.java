package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ubernetes.agent.protocol.WireLabels;
import java.util.Map;

/** Whether a live object is one the agent manages for a given workload. */
final class Ownership {
  /**
   * The annotation on a Namespace the agent made itself for namespaced workloads. A cluster-scoped
   * workload may adopt it (its labels are applied), but the agent never deletes it.
   */
  static final String MADE_BY_AGENT = "ubernetes.io/made-by-agent";

  private Ownership() {}

  /**
   * Whether a cluster-scoped workload may take over this live object: a Namespace the agent made
   * for namespaced workloads, managed but no workload's.
   */
  static boolean adoptable(HasMetadata live, WorkloadKey key) {
    Map<String, String> labels = live.getMetadata().getLabels();
    return key.clusterScoped()
        && "Namespace".equals(live.getKind())
        && labels != null
        && WireLabels.MANAGER.equals(labels.get(WireLabels.MANAGED_BY))
        && labels.get(WireLabels.WORKLOAD) == null;
  }

  /** Whether the agent made this Namespace itself: then it never deletes it. */
  static boolean madeByAgent(HasMetadata live) {
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    return "Namespace".equals(live.getKind())
        && annotations != null
        && annotations.containsKey(MADE_BY_AGENT);
  }

  /** Null when the object carries this workload's managed labels; otherwise why it does not. */
  static String problem(HasMetadata live, WorkloadKey key) {
    Map<String, String> labels = live.getMetadata().getLabels();
    if (labels == null || !WireLabels.MANAGER.equals(labels.get(WireLabels.MANAGED_BY))) {
      return "exists and is not managed by Ubernetes (no label "
          + WireLabels.MANAGED_BY
          + "="
          + WireLabels.MANAGER
          + "): not taking it over";
    }
    String owner = labels.get(WireLabels.WORKLOAD);
    if (owner == null && adoptable(live, key)) {
      return null;
    }
    if (!key.label().equals(owner)) {
      return "is managed for workload " + owner + ", not " + key.label();
    }
    return null;
  }
}
