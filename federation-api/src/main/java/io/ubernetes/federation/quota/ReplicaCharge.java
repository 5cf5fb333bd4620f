package io.ubernetes.federation.quota;

import io.ubernetes.placement.Resources;
import java.util.Objects;

/**
 * What one replica of a workload is charged against its namespace's quotas.
 *
 * @param perReplica its template's pod requests, or the largest its overrides make of them in a
 *     cluster it may land on
 * @param byCluster whether overrides (inline, or override policies' {@code jsonPatch} rules) made
 *     it depend on the clusters the workload may land on, so that it may change with the fleet
 */
public record ReplicaCharge(Resources perReplica, boolean byCluster) {
  public ReplicaCharge {
    Objects.requireNonNull(perReplica, "perReplica");
  }
}
