package io.ubernetes.placement;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What placement reads of a fleet and never changes: the clusters in the order given, their
 * positions by name, their capacity and usage as reported in flat arrays, and their labels as
 * {@link LabelColumn}s, each made on first use. Built once per list of clusters and shared by every
 * decision over it, those of one batch and, through {@link #reuse}, those of later calls given the
 * same clusters.
 */
final class FleetIndex {
  final Cluster[] clusters;
  final Map<String, Integer> index;
  final long[] allocatableCpu;
  final long[] allocatableMemory;
  final long[] allocatablePods;
  final long[] usedCpu;
  final long[] usedMemory;
  final long[] usedPods;
  final LabelColumn names;

  /**
   * Per cluster, whether it is being drained, and whether it reported its nodes: read for every
   * cluster a decision does not filter otherwise, without reaching for each {@link Cluster}.
   */
  final boolean[] unschedulable;

  final boolean[] knowsNodes;

  /** Zero replicas on every cluster; never written. */
  final int[] nowhere;

  /** The positions in name order; null until a decision first asks for it. */
  private int[] nameOrder;

  /**
   * What a finished call left of its per-cluster arrays for the next call to reuse; null while a
   * call has them (another call meanwhile makes its own).
   */
  private ClusterTable.Workspace spare;

  /** Columns by label key, made when a decision first asks for one. */
  private final Map<String, LabelColumn> columns = new HashMap<>();

  /**
   * What each placement spec makes of the clusters ({@link SpecTerms}), by the spec's instance and,
   * for specs equal but made apart, by its value. Bounded by their size, some 40 bytes per spec and
   * cluster: a caller with ever new specs over one fleet starts again past {@link #specLimit}.
   */
  private final Map<PlacementSpec, SpecTerms> termsBySpecInstance = new IdentityHashMap<>();

  private final Map<PlacementSpec, SpecTerms> termsBySpec = new HashMap<>();

  /** At most this many specs' clusters' terms, about 20 MB, are kept; see {@link #specLimit}. */
  private static final int TERMS_KEPT = 500_000;

  /** How many specs' terms are kept: at least 16, and as many as {@link #TERMS_KEPT} allow. */
  private final int specLimit;

  private FleetIndex(List<Cluster> input) {
    clusters = input.toArray(Cluster[]::new);
    int n = clusters.length;
    index = HashMap.newHashMap(n);
    allocatableCpu = new long[n];
    allocatableMemory = new long[n];
    allocatablePods = new long[n];
    usedCpu = new long[n];
    usedMemory = new long[n];
    usedPods = new long[n];
    unschedulable = new boolean[n];
    knowsNodes = new boolean[n];
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
      unschedulable[i] = cluster.unschedulable();
      knowsNodes[i] = cluster.nodes() != null;
    }
    names = LabelColumn.names(clusters);
    nowhere = new int[n];
    specLimit = Math.max(16, TERMS_KEPT / Math.max(1, n));
  }

  static FleetIndex of(List<Cluster> clusters) {
    return new FleetIndex(clusters);
  }

  /**
   * {@code previous} when it was built from the same clusters in the same order, else a new index.
   * Clusters are immutable values, so the same instances mean the same fleet; comparing references
   * costs far less than building the index again.
   */
  static FleetIndex reuse(FleetIndex previous, List<Cluster> clusters) {
    return previous != null && previous.holdsExactly(clusters) ? previous : of(clusters);
  }

  private boolean holdsExactly(List<Cluster> given) {
    if (given.size() != clusters.length) {
      return false;
    }
    int i = 0;
    for (Cluster cluster : given) {
      if (cluster != clusters[i++]) {
        return false;
      }
    }
    return true;
  }

  synchronized ClusterTable.Workspace takeWorkspace() {
    ClusterTable.Workspace taken = spare;
    spare = null;
    return taken != null ? taken : new ClusterTable.Workspace();
  }

  synchronized void giveBack(ClusterTable.Workspace workspace) {
    spare = workspace;
  }

  /** The cluster positions in name order, sorted on first use. Callers must not change it. */
  synchronized int[] nameOrder() {
    if (nameOrder == null) {
      Integer[] order = new Integer[clusters.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> clusters[a].name().compareTo(clusters[b].name()));
      nameOrder = new int[order.length];
      for (int i = 0; i < order.length; i++) {
        nameOrder[i] = order[i];
      }
    }
    return nameOrder;
  }

  /**
   * What {@code spec} makes of the clusters, worked out on first use. {@code table} is any table
   * over this fleet, for its columns.
   */
  synchronized SpecTerms terms(PlacementSpec spec, ClusterTable table) {
    SpecTerms terms = termsBySpecInstance.get(spec);
    if (terms == null) {
      terms = termsBySpec.get(spec);
      if (terms == null) {
        if (termsBySpec.size() >= specLimit) {
          termsBySpec.clear();
          termsBySpecInstance.clear();
        }
        terms = new SpecTerms(spec, table);
        termsBySpec.put(spec, terms);
      }
      if (termsBySpecInstance.size() >= specLimit) {
        termsBySpecInstance.clear();
      }
      termsBySpecInstance.put(spec, terms);
    }
    return terms;
  }

  /**
   * The column of a label; the clusters' names for a null key. Synchronized: an engine shares the
   * index between the calls of several threads.
   */
  synchronized LabelColumn column(String key) {
    if (key == null) {
      return names;
    }
    LabelColumn column = columns.get(key);
    if (column == null) {
      column = LabelColumn.of(clusters, key);
      columns.put(key, column);
    }
    return column;
  }
}
