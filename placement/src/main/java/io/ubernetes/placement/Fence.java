package io.ubernetes.placement;

import java.util.Objects;
import java.util.Set;

/**
 * The clusters a workload may use at all, e.g. those of the cluster sets bound to its namespace. A
 * hard filter, the first: a cluster outside the fence is never a candidate, not even for replicas
 * failing over, and a tenant learns nothing else about it than {@code reason}.
 *
 * @param clusters the names of the clusters inside the fence; names of clusters not in the fleet
 *     are ignored
 * @param reason why the others are out, as diagnoses show it, e.g. {@code not in a cluster set
 *     bound to namespace shop}
 */
public record Fence(Set<String> clusters, String reason) {
  public Fence {
    clusters = Set.copyOf(Objects.requireNonNull(clusters, "clusters"));
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a fence needs a reason");
    }
  }
}
