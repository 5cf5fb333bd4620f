package io.ubernetes.placement;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A member cluster as placement sees it.
 *
 * @param labels topology and any other labels; {@link #TIER_LABEL} names its burst tier
 * @param unschedulable being drained by an operator: takes no replicas, and those it runs go
 *     elsewhere (the caller decides what stays when nothing else may take them)
 * @param allocatable what the cluster's nodes offer
 * @param allocated what is already in use there, this federation's current replicas included
 * @param nodes the nodes that can take pods, by what each has free (the replicas that run there
 *     included); a replica is placed only where a node can hold it. Null when the cluster does not
 *     say, and then only its totals count
 * @param readinessReason why the cluster is not ready or failed, in the caller's words (e.g. the
 *     recovery hold-down and until when), for explanations; null for the engine's own wording
 */
public record Cluster(
    String name,
    Map<String, String> labels,
    List<Taint> taints,
    boolean unschedulable,
    Readiness readiness,
    Resources allocatable,
    Resources allocated,
    Price price,
    List<NodeGroup> nodes,
    String readinessReason) {

  /**
   * The label that names a cluster's tier for cloudbursting, e.g. {@code onprem} or {@code cloud}.
   */
  public static final String TIER_LABEL = "ubernetes.io/tier";

  public Cluster {
    Objects.requireNonNull(name, "name");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
    readiness = readiness == null ? Readiness.READY : readiness;
    allocatable = allocatable == null ? Resources.ZERO : allocatable;
    allocated = allocated == null ? Resources.ZERO : allocated;
    price = price == null ? Price.FREE : price;
    nodes = nodes == null ? null : List.copyOf(nodes);
  }

  /** A ready cluster with no labels beyond those given, for tests and what-if questions. */
  public static Cluster of(
      String name, Map<String, String> labels, Resources allocatable, Price price) {
    return new Cluster(
        name,
        labels,
        List.of(),
        false,
        Readiness.READY,
        allocatable,
        Resources.ZERO,
        price,
        null,
        null);
  }

  /** The same cluster, ready or not as given, for the engine's own reason. */
  public Cluster withReadiness(Readiness newReadiness) {
    return withReadiness(newReadiness, null);
  }

  /** The same cluster, ready or not as given, for this reason (null for the engine's wording). */
  public Cluster withReadiness(Readiness newReadiness, String reason) {
    return new Cluster(
        name,
        labels,
        taints,
        unschedulable,
        newReadiness,
        allocatable,
        allocated,
        price,
        nodes,
        reason);
  }

  public Cluster withAllocated(Resources newAllocated) {
    return new Cluster(
        name,
        labels,
        taints,
        unschedulable,
        readiness,
        allocatable,
        newAllocated,
        price,
        nodes,
        readinessReason);
  }
}
