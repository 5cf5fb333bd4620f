package io.ubernetes.placement;

import io.ubernetes.placement.PlacementSpec.Spread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Lays replicas over candidate clusters. Divided: first whatever must stay (burst hysteresis), then
 * one cluster per missing spread group, then replica by replica on the cluster whose next replica
 * is cheapest, from a priority queue. A cluster not yet used takes {@code minReplicasPerCluster}
 * replicas at once, ranked by their average cost. Duplicated: the cheapest clusters for all
 * replicas each, spread groups first. With budgets, a cluster takes replicas only while every
 * budget that holds it has room for them: a cluster that cannot get its minimum (a whole copy when
 * Duplicated) gets none, and the next cheapest is tried.
 */
final class Allocator {
  /** Duplicated totals are exact up to this many replicas, then sampled evenly. */
  private static final int EXACT_TOTAL_LIMIT = 512;

  private final Workload workload;
  private final ClusterTable table;
  private final Candidates candidates;
  private final CostModel cost;
  private final Budgets.Spend spend;
  private final int[] replicas;
  private final List<String> problems = new ArrayList<>();
  private final List<String> unmetSpread = new ArrayList<>();
  private final int chunk;
  private final int maxClusters;
  private int remaining;
  private int used;
  private double[] scratch;

  /** Per cluster position, whether {@link #scratch} holds its whole copy's cost; see wholeCost. */
  private boolean[] totalled;

  /** Per cluster position, why a budget refused it replicas; null until one does. */
  private int[] refused;

  private Allocator(
      Workload workload,
      ClusterTable table,
      Candidates candidates,
      CostModel cost,
      Budgets budgets) {
    this.workload = workload;
    this.table = table;
    this.candidates = candidates;
    this.cost = cost;
    this.spend = budgets == null ? null : budgets.spend();
    this.replicas = new int[table.size()];
    PlacementSpec spec = workload.placement();
    this.chunk = Math.max(1, spec.minReplicasPerCluster());
    this.maxClusters = spec.maxClusters() > 0 ? spec.maxClusters() : Integer.MAX_VALUE;
    this.remaining = workload.replicas();
  }

  /**
   * Replicas per cluster, and what could not be honoured.
   *
   * @param unmetSpread the spreads among the problems
   * @param quota per cluster position, the budgets that refused it replicas; null when none did
   * @param quotaReached the budgets that left the workload with fewer replicas (Divided) or
   *     clusters (Duplicated) than it would otherwise have had; empty when none did
   */
  record Result(
      int[] replicas,
      List<String> problems,
      List<String> unmetSpread,
      String[] quota,
      List<QuotaReached> quotaReached) {
    Result(int[] replicas, List<String> problems, List<String> unmetSpread) {
      this(replicas, problems, unmetSpread, null, List.of());
    }
  }

  /**
   * @param keep per cluster, replicas that must stay where they are (null for none); never more
   *     than the workload's replicas in total
   */
  static Result divided(
      Workload workload,
      ClusterTable table,
      Candidates candidates,
      CostModel cost,
      int[] keep,
      Budgets budgets) {
    Allocator allocator = new Allocator(workload, table, candidates, cost, budgets);
    if (workload.replicas() > 0 && allocator.chunk > workload.replicas()) {
      allocator.problems.add(
          "replicas "
              + workload.replicas()
              + " is less than minReplicasPerCluster "
              + allocator.chunk);
      return allocator.result();
    }
    if (keep != null) {
      allocator.keep(keep);
    }
    for (Spread spread : workload.placement().spread()) {
      allocator.seed(spread, false);
    }
    allocator.greedy();
    return allocator.result();
  }

  static Result duplicated(
      Workload workload,
      ClusterTable table,
      Candidates candidates,
      CostModel cost,
      Budgets budgets) {
    Allocator allocator = new Allocator(workload, table, candidates, cost, budgets);
    if (workload.replicas() == 0) {
      return allocator.result();
    }
    for (Spread spread : workload.placement().spread()) {
      allocator.seed(spread, true);
    }
    allocator.cheapestWhole();
    return allocator.result();
  }

  private Result result() {
    if (refused == null) {
      return new Result(replicas, List.copyOf(problems), List.copyOf(unmetSpread));
    }
    String[] quota = new String[replicas.length];
    SortedMap<Integer, List<QuotaReached>> byRefusal = new TreeMap<>();
    for (int i = 0; i < refused.length; i++) {
      if (refused[i] != 0) {
        List<QuotaReached> reached = byRefusal.computeIfAbsent(refused[i], spend::reached);
        quota[i] = String.join("; ", reached.stream().map(QuotaReached::message).toList());
      }
    }
    boolean capped =
        workload.placement().mode() == PlacementSpec.Mode.DUPLICATED
            ? used < Math.min(maxClusters, candidates.count())
            : remaining > 0;
    List<QuotaReached> reached = new ArrayList<>();
    if (capped) {
      // Each budget and dimension once, in the budgets' order.
      Set<String> seen = new HashSet<>();
      for (List<QuotaReached> each : byRefusal.values()) {
        for (QuotaReached limit : each) {
          if (seen.add(limit.message())) {
            reached.add(limit);
            problems.add(limit.message());
          }
        }
      }
    }
    return new Result(
        replicas, List.copyOf(problems), List.copyOf(unmetSpread), quota, List.copyOf(reached));
  }

  /**
   * Whether every budget holding the cluster has room for {@code count} more replicas; if so they
   * are spent, if not the cluster is marked refused.
   */
  private boolean spend(int cluster, int count) {
    if (spend == null) {
      return true;
    }
    int refusal = spend.shortOf(cluster, workload.perReplica(), count);
    if (refusal != 0) {
      if (refused == null) {
        refused = new int[replicas.length];
      }
      refused[cluster] = refusal;
      return false;
    }
    spend.take(cluster, workload.perReplica(), count);
    return true;
  }

  private void keep(int[] keep) {
    for (int k = 0; k < candidates.count() && remaining > 0; k++) {
      int i = candidates.candidate(k);
      int kept = Math.min(Math.min(keep[i], candidates.capacity[i]), remaining);
      while (kept > 0 && !spend(i, kept)) {
        // What the budgets leave stays; the rest goes where the greedy pass finds room.
        kept--;
      }
      if (kept > 0) {
        replicas[i] = kept;
        remaining -= kept;
        used++;
      }
    }
  }

  /** Opens one cluster in each spread group that has none, cheapest groups first. */
  private void seed(Spread spread, boolean whole) {
    LabelColumn domains = table.column(spread.topologyKey());
    boolean[] covered = new boolean[domains.ids()];
    // Per domain, its cheapest candidate to open; -1 for none.
    int[] best = new int[domains.ids()];
    Arrays.fill(best, -1);
    double[] opening = openingCosts();
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      int domain = domains.id(i);
      if (domain == LabelColumn.ABSENT) {
        continue;
      }
      if (replicas[i] > 0) {
        covered[domain] = true;
        continue;
      }
      double price = whole ? wholeCost(i) : openingCost(i);
      opening[i] = price;
      int incumbent = best[domain];
      if (incumbent < 0
          || price < opening[incumbent]
          || price == opening[incumbent] && table.byName(i, incumbent) < 0) {
        best[domain] = i;
      }
    }
    int coveredCount = 0;
    List<Integer> order = new ArrayList<>();
    for (int domain = 0; domain < best.length; domain++) {
      if (covered[domain]) {
        coveredCount++;
      } else if (best[domain] >= 0) {
        order.add(best[domain]);
      }
    }
    int missing = spread.minGroups() - coveredCount;
    int open = order.size();
    order.sort(
        (a, b) -> {
          int byCost = Double.compare(opening[a], opening[b]);
          return byCost != 0 ? byCost : table.byName(a, b);
        });
    int step = whole ? workload.replicas() : chunk;
    boolean quotaShort = false;
    for (int i : order) {
      if (missing <= 0 || used >= maxClusters || (!whole && step > remaining)) {
        break;
      }
      if (!spend(i, step)) {
        quotaShort = true;
        continue;
      }
      replicas[i] = step;
      remaining -= whole ? 0 : step;
      used++;
      missing--;
    }
    if (missing > 0) {
      int reached = spread.minGroups() - missing;
      String why =
          coveredCount + open < spread.minGroups()
              ? "only " + (coveredCount + open) + " have a candidate cluster"
              : used >= maxClusters
                  ? "maxClusters " + maxClusters + " allows no more"
                  : quotaShort ? "a quota allows no more" : "too few replicas";
      String unmet =
          "spread over "
              + LabelSelector.shortKey(spread.topologyKey())
              + ": "
              + reached
              + " of "
              + spread.minGroups()
              + " groups ("
              + why
              + ")";
      problems.add(unmet);
      unmetSpread.add(unmet);
    }
  }

  private void greedy() {
    CostHeap heap =
        new CostHeap(
            table, table.reuseInts(ClusterTable.HEAP_CLUSTERS), table.reuse(ClusterTable.HEAP));
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      if (replicas[i] < candidates.capacity[i]) {
        heap.add(i, replicas[i] == 0 ? openingCost(i) : cost.marginal(i, replicas[i] + 1));
      }
    }
    heap.heapify();
    while (remaining > 0 && !heap.isEmpty()) {
      int i = heap.pop();
      if (replicas[i] == 0) {
        if (used >= maxClusters || chunk > remaining || !spend(i, chunk)) {
          continue;
        }
        replicas[i] = chunk;
        remaining -= chunk;
        used++;
      } else {
        if (!spend(i, 1)) {
          // The budget only shrinks: this cluster takes no more of this workload.
          continue;
        }
        replicas[i]++;
        remaining--;
      }
      if (replicas[i] < candidates.capacity[i]) {
        heap.push(i, cost.marginal(i, replicas[i] + 1));
      }
    }
  }

  private void cheapestWhole() {
    int target = workload.replicas();
    // Cheapest first: popped from a heap, as only the first few are usually taken.
    CostHeap order =
        new CostHeap(
            table, table.reuseInts(ClusterTable.HEAP_CLUSTERS), table.reuse(ClusterTable.HEAP));
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      if (replicas[i] == 0) {
        order.add(i, wholeCost(i));
      }
    }
    order.heapify();
    while (!order.isEmpty()) {
      int i = order.pop();
      if (used >= maxClusters) {
        break;
      }
      if (!spend(i, target)) {
        continue;
      }
      replicas[i] = target;
      used++;
    }
  }

  /** Scratch space for one cost per cluster, borrowed from the table once per allocation. */
  private double[] openingCosts() {
    if (scratch == null) {
      scratch = table.reuse(ClusterTable.OPENING);
    }
    return scratch;
  }

  /**
   * The cost of a whole copy on a cluster, worked out once per allocation: seeding the spreads and
   * ranking the rest ask for the same clusters' totals, and the costs do not change meanwhile.
   */
  private double wholeCost(int cluster) {
    double[] totals = openingCosts();
    if (totalled == null) {
      totalled = new boolean[table.size()];
    }
    if (!totalled[cluster]) {
      totals[cluster] = total(cluster, workload.replicas());
      totalled[cluster] = true;
    }
    return totals[cluster];
  }

  /** The average cost of the replicas a cluster takes when it is opened. */
  private double openingCost(int cluster) {
    double sum = 0;
    for (int k = 1; k <= chunk; k++) {
      sum += k == 1 ? cost.first(cluster) : cost.marginal(cluster, k);
    }
    return sum / chunk;
  }

  private double total(int cluster, int count) {
    if (count <= EXACT_TOTAL_LIMIT) {
      return cost.total(cluster, count);
    }
    double sum = 0;
    for (int s = 0; s < EXACT_TOTAL_LIMIT; s++) {
      sum += cost.marginal(cluster, 1 + (int) ((long) s * count / EXACT_TOTAL_LIMIT));
    }
    return sum * count / EXACT_TOTAL_LIMIT;
  }
}
