package io.ubernetes.placement;

import java.util.Objects;
import java.util.Set;

/**
 * What a namespace's quota leaves for the workloads of a batch: the engine places no replica that
 * would take a budget past its {@code hard} limit, counting each replica's {@link
 * Workload#perReplica} in every budget whose scope holds its cluster (a Duplicated workload's
 * replicas in each cluster count each time).
 *
 * <p>{@code used} is what the namespace's workloads outside the batch use; the batch's own
 * workloads are charged by their new decisions, so a replica that moves costs nothing extra.
 *
 * @param quota the quota's name, for explanations ({@code quota compute: pods 10/10 used})
 * @param clusterSet the cluster set a per-set limit applies to; null for the whole fleet
 * @param clusters the names of the clusters in {@code clusterSet}; null for the whole fleet
 * @param hard the limit; {@link #UNLIMITED} in a dimension the quota does not limit
 * @param used what workloads outside the batch use in the scope (may exceed {@code hard}: a quota
 *     lowered below its use leaves no room)
 */
public record Budget(
    String quota, String clusterSet, Set<String> clusters, Resources hard, Resources used) {

  /** A dimension the quota does not limit. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  public Budget {
    Objects.requireNonNull(quota, "quota");
    Objects.requireNonNull(hard, "hard");
    used = used == null ? Resources.ZERO : used;
    if ((clusterSet == null) != (clusters == null)) {
      throw new IllegalArgumentException("a per-set budget needs both its set and its clusters");
    }
    clusters = clusters == null ? null : Set.copyOf(clusters);
  }

  /** A budget over every cluster. */
  public static Budget fleet(String quota, Resources hard, Resources used) {
    return new Budget(quota, null, null, hard, used);
  }

  /** A budget over the clusters of one cluster set. */
  public static Budget clusterSet(
      String quota, String clusterSet, Set<String> clusters, Resources hard, Resources used) {
    return new Budget(quota, clusterSet, clusters, hard, used);
  }

  /** Whether a cluster is in the budget's scope. */
  boolean holds(String cluster) {
    return clusters == null || clusters.contains(cluster);
  }
}
