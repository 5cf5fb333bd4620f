package io.ubernetes.placement;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A workload to place.
 *
 * @param replicas in total ({@code DIVIDED}) or per cluster ({@code DUPLICATED})
 * @param perReplica what one replica requests; see {@link Resources#perReplica}
 * @param current where its replicas run now (cluster name to count), for stickiness
 * @param scaleBackPendingSince when its earlier burst tiers first had room for replicas that run in
 *     later ones, as the previous decision reported; null if they did not
 * @param unschedulable per cluster name, replicas there whose pods no node can take
 * @param fence the clusters it may use at all (those of its namespace's cluster sets); null for
 *     every cluster
 */
public record Workload(
    WorkloadKey key,
    int replicas,
    Resources perReplica,
    PlacementSpec placement,
    Map<String, Integer> current,
    Instant scaleBackPendingSince,
    Map<String, Unschedulable> unschedulable,
    Fence fence) {

  public Workload {
    Objects.requireNonNull(key, "key");
    perReplica = perReplica == null ? new Resources(0, 0, 1) : perReplica;
    placement = placement == null ? PlacementSpec.ANYWHERE : placement;
    current =
        current == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(current));
    unschedulable = unschedulable == null ? Map.of() : Map.copyOf(unschedulable);
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative");
    }
  }

  /** A workload that may use every cluster. */
  public Workload(
      WorkloadKey key,
      int replicas,
      Resources perReplica,
      PlacementSpec placement,
      Map<String, Integer> current,
      Instant scaleBackPendingSince,
      Map<String, Unschedulable> unschedulable) {
    this(key, replicas, perReplica, placement, current, scaleBackPendingSince, unschedulable, null);
  }

  /** A workload that runs nowhere yet. */
  public static Workload of(
      WorkloadKey key, int replicas, Resources perReplica, PlacementSpec placement) {
    return new Workload(key, replicas, perReplica, placement, Map.of(), null, Map.of());
  }

  public Workload withCurrent(Map<String, Integer> newCurrent) {
    return new Workload(
        key,
        replicas,
        perReplica,
        placement,
        newCurrent,
        scaleBackPendingSince,
        unschedulable,
        fence);
  }

  /** The same workload confined to {@code newFence}; null for every cluster. */
  public Workload withFence(Fence newFence) {
    return new Workload(
        key,
        replicas,
        perReplica,
        placement,
        current,
        scaleBackPendingSince,
        unschedulable,
        newFence);
  }
}
