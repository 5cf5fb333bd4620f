package io.ubernetes.placement;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters of one placement call, sorted by name (so that ties break by name), with their
 * capacity in flat arrays. A batch deducts what each decision takes, so that it never overcommits.
 */
final class ClusterTable {
  final Cluster[] clusters;
  private Map<String, Integer> index;
  final long[] allocatableCpu;
  final long[] allocatableMemory;
  final long[] allocatablePods;
  final long[] usedCpu;
  final long[] usedMemory;
  final long[] usedPods;

  ClusterTable(List<Cluster> input) {
    clusters = input.toArray(Cluster[]::new);
    if (!sortedByName(clusters)) {
      Arrays.sort(clusters, Comparator.comparing(Cluster::name));
    }
    int n = clusters.length;
    allocatableCpu = new long[n];
    allocatableMemory = new long[n];
    allocatablePods = new long[n];
    usedCpu = new long[n];
    usedMemory = new long[n];
    usedPods = new long[n];
    for (int i = 0; i < n; i++) {
      Cluster cluster = clusters[i];
      if (i > 0 && cluster.name().equals(clusters[i - 1].name())) {
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
    index = other.index == null ? null : other.index;
    allocatableCpu = other.allocatableCpu;
    allocatableMemory = other.allocatableMemory;
    allocatablePods = other.allocatablePods;
    usedCpu = other.usedCpu.clone();
    usedMemory = other.usedMemory.clone();
    usedPods = other.usedPods.clone();
  }

  private static boolean sortedByName(Cluster[] clusters) {
    for (int i = 1; i < clusters.length; i++) {
      if (clusters[i - 1].name().compareTo(clusters[i].name()) > 0) {
        return false;
      }
    }
    return true;
  }

  /** The position of a cluster by name, or null if it is not in the table. */
  Integer indexOf(String name) {
    if (index == null) {
      // Built on first use: a single decision for a workload that runs nowhere never needs it.
      Map<String, Integer> built = HashMap.newHashMap(clusters.length);
      for (int i = 0; i < clusters.length; i++) {
        built.put(clusters[i].name(), i);
      }
      index = built;
    }
    return index.get(name);
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

  /** Records that a workload went from {@code before} to {@code after} replicas on a cluster. */
  void take(int cluster, Resources perReplica, int before, int after) {
    long delta = after - before;
    usedCpu[cluster] += delta * perReplica.cpuMillis();
    usedMemory[cluster] += delta * perReplica.memoryBytes();
    usedPods[cluster] += delta * perReplica.pods();
  }
}
