package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ubernetes.agent.protocol.WireLabels;
import java.util.Map;

/** Whether a live object is one the agent manages for a given workload. */
final class Ownership {
  private Ownership() {}

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
    if (!key.label().equals(owner)) {
      return "is managed for workload " + owner + ", not " + key.label();
    }
    return null;
  }
}
