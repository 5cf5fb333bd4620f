package io.ubernetes.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters of one placement call, in the order given, with their capacity in flat arrays.
 * Building it is linear in the number of clusters: ties are broken by comparing names where they
 * occur ({@link #byName}), not by sorting. A batch deducts what each decision takes, so that it
 * never overcommits.
 */
final class ClusterTable {
  final Cluster[] clusters;
  private final Map<String, Integer> index;
  final long[] allocatableCpu;
  final long[] allocatableMemory;
  final long[] allocatablePods;
  final long[] usedCpu;
  final long[] usedMemory;
  final long[] usedPods;

  /**
   * Per cluster, its nodes as the batch has filled them; null until the batch places replicas there
   * (its nodes are then as the cluster reported them) or when it reported none. Made only where
   * needed: a decision over ten thousand clusters must not copy them all.
   */
  private final NodePool[] filled;

  /**
   * The last fence asked about and which clusters it holds: a batch places a namespace's workloads
   * one after the other, and they share their namespace's fence.
   */
  private Fence lastFence;

  private boolean[] inLastFence;

  ClusterTable(List<Cluster> input) {
    clusters = input.toArray(Cluster[]::new);
    int n = clusters.length;
    index = HashMap.newHashMap(n);
    allocatableCpu = new long[n];
    allocatableMemory = new long[n];
    allocatablePods = new long[n];
    usedCpu = new long[n];
    usedMemory = new long[n];
    usedPods = new long[n];
    filled = new NodePool[n];
    for (int i = 0; i < n; i++) {
      Cluster cluster = clusters[i];
      if (index.put(cluster.name(), i) != null) {
        throw new IllegalArgumentException("two clusters named " + cluster.name());
      }
      allocatableCpu[i] = cluster.allocatable().cpuMillis();
      allocatableMemory[i] = cluster.allocatable().memoryBytes();
      allocatablePods[i] = cluster.allocatable().pods();
      usedCpu[i] = cluster.allocated().cpuMillis();
      usedMemory[i] = cluster.allocated().memoryBytes();
      usedPods[i] = cluster.allocated().pods();
    }
  }

  private ClusterTable(ClusterTable other) {
    clusters = other.clusters;
    index = other.index;
    allocatableCpu = other.allocatableCpu;
    allocatableMemory = other.allocatableMemory;
    allocatablePods = other.allocatablePods;
    usedCpu = other.usedCpu.clone();
    usedMemory = other.usedMemory.clone();
    usedPods = other.usedPods.clone();
    filled = new NodePool[other.filled.length];
    for (int i = 0; i < filled.length; i++) {
      filled[i] = other.filled[i] == null ? null : other.filled[i].copy();
    }
  }

  /** Per cluster position, whether the fence holds it. */
  boolean[] inside(Fence fence) {
    if (fence != lastFence) {
      boolean[] inside = new boolean[clusters.length];
      for (String name : fence.clusters()) {
        Integer i = index.get(name);
        if (i != null) {
          inside[i] = true;
        }
      }
      lastFence = fence;
      inLastFence = inside;
    }
    return inLastFence;
  }

  /** The position of a cluster by name, or null if it is not in the table. */
  Integer indexOf(String name) {
    return index.get(name);
  }

  /** Orders two clusters by name: how every tie in placement is broken. */
  int byName(int a, int b) {
    return clusters[a].name().compareTo(clusters[b].name());
  }

  /** A workload's current replicas per cluster position. */
  int[] currentOf(Workload workload) {
    int[] current = new int[clusters.length];
    for (Map.Entry<String, Integer> running : workload.current().entrySet()) {
      Integer i = indexOf(running.getKey());
      if (i != null) {
        current[i] = running.getValue();
      }
    }
    return current;
  }

  /** A copy whose usage can change without touching this one, to try a placement out. */
  ClusterTable scratch() {
    return new ClusterTable(this);
  }

  int size() {
    return clusters.length;
  }

  String name(int cluster) {
    return clusters[cluster].name();
  }

  /** The value of {@code topologyKey} for a cluster; the cluster's name for a null key. */
  String domain(int cluster, String topologyKey) {
    return topologyKey == null
        ? clusters[cluster].name()
        : clusters[cluster].labels().get(topologyKey);
  }

  /**
   * Records that a workload went from {@code before} to {@code after} replicas on a cluster, of
   * which {@code onNodes} already held a node there: the others go onto its nodes first-fit.
   */
  void take(int cluster, Resources perReplica, int before, int after, int onNodes) {
    long delta = after - before;
    usedCpu[cluster] += delta * perReplica.cpuMillis();
    usedMemory[cluster] += delta * perReplica.memoryBytes();
    usedPods[cluster] += delta * perReplica.pods();
    List<NodeGroup> reported = clusters[cluster].nodes();
    if (reported != null && after > onNodes) {
      if (filled[cluster] == null) {
        filled[cluster] = NodePool.of(reported);
      }
      filled[cluster].place(perReplica, after - onNodes);
    }
  }

  /** Whether the cluster reported its nodes. */
  boolean knowsNodes(int cluster) {
    return clusters[cluster].nodes() != null;
  }

  /**
   * How many replicas of {@code unit} the cluster's nodes hold, each wholly on one node, counted up
   * to {@code limit}: more than a workload can use need not be counted.
   */
  long nodeFit(int cluster, Resources unit, long limit) {
    return filled[cluster] != null
        ? filled[cluster].fit(unit, limit)
        : NodePool.fit(clusters[cluster].nodes(), unit, limit);
  }

  /** Why no node of the cluster holds one replica of {@code unit}; null when one does. */
  String whyNoNode(int cluster, Resources unit) {
    return (filled[cluster] != null ? filled[cluster] : NodePool.of(clusters[cluster].nodes()))
        .whyNoNode(unit);
  }
}
