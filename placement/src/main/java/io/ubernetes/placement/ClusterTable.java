package io.ubernetes.placement;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters of one placement call, in the order given, with their capacity in flat arrays.
 * Building it is linear in the number of clusters: ties are broken by comparing names where they
 * occur ({@link #byName}), not by sorting. What never changes comes from a {@link FleetIndex} that
 * calls over the same clusters share; a batch deducts what each decision takes from usage of its
 * own, so that it never overcommits.
 */
final class ClusterTable {
  final Cluster[] clusters;
  private final FleetIndex fleet;
  final long[] allocatableCpu;
  final long[] allocatableMemory;
  final long[] allocatablePods;
  long[] usedCpu;
  long[] usedMemory;
  long[] usedPods;

  /**
   * Whether the usage arrays are this table's own; until it takes replicas they are the fleet's,
   * which a single decision only reads.
   */
  private boolean ownUsage;

  /**
   * Per cluster, its nodes as the batch has filled them; null until the batch places replicas there
   * (its nodes are then as the cluster reported them) or when it reported none. Made only where
   * needed: a decision over ten thousand clusters must not copy them all.
   */
  private final NodePool[] filled;

  /**
   * Slots of {@link #borrow}: the cost model's terms and first replicas' costs, the allocator's and
   * its heap's costs.
   */
  static final int PRICE = 0;

  static final int COUPLING = 1;
  static final int OPENING = 2;
  static final int HEAP = 3;
  static final int FIRST_REPLICA = 4;

  /** Slots of {@link #reuseInts}: the heap's clusters. */
  static final int HEAP_CLUSTERS = 0;

  /** The arrays {@link #borrow} hands out, kept from one decision to the next. */
  static final class Workspace {
    private final double[][] doubles = new double[FIRST_REPLICA + 1][];
    private final int[][] ints = new int[HEAP_CLUSTERS + 1][];
  }

  private final Workspace workspace;

  /**
   * The last fence asked about and which clusters it holds: a batch places a namespace's workloads
   * one after the other, and they share their namespace's fence.
   */
  private Fence lastFence;

  private boolean[] inLastFence;

  /**
   * Per cluster, how often this table took replicas there; with {@link #shapes}, null until {@link
   * #shareShapes}.
   */
  private int[] changes;

  /** Per replica size, its figures on each cluster, kept across a batch's decisions. */
  private Map<Resources, ShapeTerms> shapes;

  /** Whether {@link #terms} are the fleet's, shared with other decisions, or made anew. */
  private final boolean shareTerms;

  ClusterTable(List<Cluster> input) {
    this(FleetIndex.of(input), true);
  }

  ClusterTable(FleetIndex fleet, boolean shareTerms) {
    this.fleet = fleet;
    this.shareTerms = shareTerms;
    clusters = fleet.clusters;
    allocatableCpu = fleet.allocatableCpu;
    allocatableMemory = fleet.allocatableMemory;
    allocatablePods = fleet.allocatablePods;
    usedCpu = fleet.usedCpu;
    usedMemory = fleet.usedMemory;
    usedPods = fleet.usedPods;
    filled = new NodePool[clusters.length];
    workspace = fleet.takeWorkspace();
  }

  private ClusterTable(ClusterTable other) {
    fleet = other.fleet;
    shareTerms = other.shareTerms;
    clusters = other.clusters;
    allocatableCpu = other.allocatableCpu;
    allocatableMemory = other.allocatableMemory;
    allocatablePods = other.allocatablePods;
    usedCpu = other.usedCpu.clone();
    usedMemory = other.usedMemory.clone();
    usedPods = other.usedPods.clone();
    ownUsage = true;
    workspace = new Workspace();
    filled = new NodePool[other.filled.length];
    for (int i = 0; i < filled.length; i++) {
      filled[i] = other.filled[i] == null ? null : other.filled[i].copy();
    }
  }

  /**
   * One array of a value per cluster, all zeros, that a decision fills for itself and the next
   * decision over this table gets again (and, through {@link #done}, the next call over the same
   * fleet): a batch would otherwise allocate several per workload, most of what it allocates.
   * Decisions over one table are made one after the other, and none keeps these arrays beyond its
   * own making.
   */
  double[] borrow(int slot) {
    double[] array = workspace.doubles[slot];
    if (array == null) {
      array = new double[clusters.length];
      workspace.doubles[slot] = array;
    } else {
      Arrays.fill(array, 0);
    }
    return array;
  }

  /**
   * As {@link #borrow}, but holding whatever the last decision left: for a caller that writes every
   * entry before it reads it, which need not pay for clearing a value per cluster.
   */
  double[] reuse(int slot) {
    double[] array = workspace.doubles[slot];
    if (array == null) {
      array = new double[clusters.length];
      workspace.doubles[slot] = array;
    }
    return array;
  }

  /** As {@link #reuse}, for ints. */
  int[] reuseInts(int slot) {
    int[] array = workspace.ints[slot];
    if (array == null) {
      array = new int[clusters.length];
      workspace.ints[slot] = array;
    }
    return array;
  }

  /**
   * Keeps each replica size's figures ({@link ShapeTerms}) from one decision over this table to the
   * next: for a batch, whose decisions are many and whose sizes are few.
   */
  void shareShapes() {
    changes = new int[clusters.length];
    shapes = new HashMap<>();
  }

  /**
   * The figures of one replica size on each cluster; null unless {@link #shareShapes} was called.
   */
  ShapeTerms shape(Resources unit) {
    return shapes == null ? null : shapes.computeIfAbsent(unit, u -> new ShapeTerms(this, u));
  }

  /** How often this table took replicas on the cluster since {@link #shareShapes}. */
  int changes(int cluster) {
    return changes[cluster];
  }

  /** What a placement spec makes of each cluster of the fleet. */
  SpecTerms terms(PlacementSpec spec) {
    return shareTerms ? fleet.terms(spec, this) : new SpecTerms(spec, this);
  }

  /** Leaves the arrays of {@link #borrow} to the next call over the fleet: this table is done. */
  void done() {
    fleet.giveBack(workspace);
  }

  /** The cluster positions in name order. */
  int[] nameOrder() {
    return fleet.nameOrder();
  }

  /** A label of every cluster, interned (see {@link LabelColumn}); the names for a null key. */
  LabelColumn column(String key) {
    return fleet.column(key);
  }

  /** Per cluster position, whether the fence holds it. */
  boolean[] inside(Fence fence) {
    if (fence != lastFence) {
      boolean[] inside = new boolean[clusters.length];
      for (String name : fence.clusters()) {
        Integer i = fleet.index.get(name);
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
    return fleet.index.get(name);
  }

  /** Orders two clusters by name: how every tie in placement is broken. */
  int byName(int a, int b) {
    return clusters[a].name().compareTo(clusters[b].name());
  }

  /**
   * A workload's current replicas per cluster position. Read only: a workload that runs nowhere
   * (most of a batch of new ones) shares one array of zeros.
   */
  int[] currentOf(Workload workload) {
    if (workload.current().isEmpty()) {
      return fleet.nowhere;
    }
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
    if (changes != null) {
      changes[cluster]++;
    }
    if (!ownUsage) {
      usedCpu = usedCpu.clone();
      usedMemory = usedMemory.clone();
      usedPods = usedPods.clone();
      ownUsage = true;
    }
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
    return fleet.knowsNodes[cluster];
  }

  /** Whether the cluster is being drained. */
  boolean unschedulable(int cluster) {
    return fleet.unschedulable[cluster];
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
