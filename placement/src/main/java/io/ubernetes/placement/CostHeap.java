package io.ubernetes.placement;

/**
 * A binary min-heap of cluster indices keyed by cost, ties broken by cluster name. Primitive
 * arrays, no boxing: the greedy loop runs once per replica. Cost then name is a total order, so the
 * clusters come out in the same order however the heap was built: {@link #add} many, then {@link
 * #heapify} once, in linear time, or {@link #push} one by one.
 */
final class CostHeap {
  private final ClusterTable table;
  private final int[] clusters;
  private final double[] costs;
  private int size;

  /**
   * @param clusters room for every candidate, reused
   * @param costs the same
   */
  CostHeap(ClusterTable table, int[] clusters, double[] costs) {
    this.table = table;
    this.clusters = clusters;
    this.costs = costs;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void push(int cluster, double cost) {
    int at = size++;
    clusters[at] = cluster;
    costs[at] = cost;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (!less(at, parent)) {
        break;
      }
      swap(at, parent);
      at = parent;
    }
  }

  /** Adds a cluster without ordering the heap: call {@link #heapify} before the next pop. */
  void add(int cluster, double cost) {
    clusters[size] = cluster;
    costs[size] = cost;
    size++;
  }

  /** Orders what {@link #add} left, bottom up. */
  void heapify() {
    for (int at = size / 2 - 1; at >= 0; at--) {
      siftDown(at);
    }
  }

  /** Removes the cheapest cluster and returns its index. */
  int pop() {
    int top = clusters[0];
    size--;
    if (size > 0) {
      clusters[0] = clusters[size];
      costs[0] = costs[size];
      siftDown(0);
    }
    return top;
  }

  private void siftDown(int from) {
    int at = from;
    while (true) {
      int left = 2 * at + 1;
      if (left >= size) {
        break;
      }
      int child = left + 1 < size && less(left + 1, left) ? left + 1 : left;
      if (!less(child, at)) {
        break;
      }
      swap(at, child);
      at = child;
    }
  }

  private boolean less(int a, int b) {
    int byCost = Double.compare(costs[a], costs[b]);
    return byCost != 0 ? byCost < 0 : table.byName(clusters[a], clusters[b]) < 0;
  }

  private void swap(int a, int b) {
    int cluster = clusters[a];
    clusters[a] = clusters[b];
    clusters[b] = cluster;
    double cost = costs[a];
    costs[a] = costs[b];
    costs[b] = cost;
  }
}
