package io.ubernetes.agent.protocol;

import java.util.List;

/**
 * An explicit instruction to remove a workload from the agent's cluster: it was deleted in the
 * federation, or no longer placed there. The agent removes the objects it manages for this
 * workload, and nothing else.
 *
 * @param objects what the workload's last manifests created there
 */
public record Tombstone(
    String workloadUid, String namespace, String name, long revision, List<ObjectRef> objects) {
  public Tombstone {
    objects = objects == null ? List.of() : List.copyOf(objects);
  }
}
