package io.ubernetes.placement;

import io.ubernetes.placement.PlacementSpec.Spread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays replicas over candidate clusters. Divided: first whatever must stay (burst hysteresis), then
 * one cluster per missing spread group, then replica by replica on the cluster whose next replica
 * is cheapest, from a priority queue. A cluster not yet used takes {@code minReplicasPerCluster}
 * replicas at once, ranked by their average cost. Duplicated: the cheapest clusters for all
 * replicas each, spread groups first.
 */
final class Allocator {
  /** Duplicated totals are exact up to this many replicas, then sampled evenly. */
  private static final int EXACT_TOTAL_LIMIT = 512;

  private final Workload workload;
  private final ClusterTable table;
  private final Candidates candidates;
  private final CostModel cost;
  private final int[] replicas;
  private final List<String> problems = new ArrayList<>();
  private final List<String> unmetSpread = new ArrayList<>();
  private final int chunk;
  private final int maxClusters;
  private int remaining;
  private int used;
  private double[] scratch;

  private Allocator(Workload workload, ClusterTable table, Candidates candidates, CostModel cost) {
    this.workload = workload;
    this.table = table;
    this.candidates = candidates;
    this.cost = cost;
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
   */
  record Result(int[] replicas, List<String> problems, List<String> unmetSpread) {}

  /**
   * @param keep per cluster, replicas that must stay where they are (null for none); never more
   *     than the workload's replicas in total
   */
  static Result divided(
      Workload workload, ClusterTable table, Candidates candidates, CostModel cost, int[] keep) {
    Allocator allocator = new Allocator(workload, table, candidates, cost);
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
      Workload workload, ClusterTable table, Candidates candidates, CostModel cost) {
    Allocator allocator = new Allocator(workload, table, candidates, cost);
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
    return new Result(replicas, List.copyOf(problems), List.copyOf(unmetSpread));
  }

  private void keep(int[] keep) {
    for (int k = 0; k < candidates.count() && remaining > 0; k++) {
      int i = candidates.candidate(k);
      int kept = Math.min(Math.min(keep[i], candidates.capacity[i]), remaining);
      if (kept > 0) {
        replicas[i] = kept;
        remaining -= kept;
        used++;
      }
    }
  }

  /** Opens one cluster in each spread group that has none, cheapest groups first. */
  private void seed(Spread spread, boolean whole) {
    Set<String> covered = new HashSet<>();
    Map<String, Integer> best = new HashMap<>();
    double[] opening = openingCosts();
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      String domain = table.domain(i, spread.topologyKey());
      if (domain == null) {
        continue;
      }
      if (replicas[i] > 0) {
        covered.add(domain);
        continue;
      }
      double price = whole ? total(i, workload.replicas()) : openingCost(i);
      opening[i] = price;
      Integer incumbent = best.get(domain);
      if (incumbent == null
          || price < opening[incumbent]
          || price == opening[incumbent] && table.byName(i, incumbent) < 0) {
        best.put(domain, i);
      }
    }
    best.keySet().removeAll(covered);
    int missing = spread.minGroups() - covered.size();
    List<Integer> order = new ArrayList<>(best.values());
    order.sort(
        (a, b) -> {
          int byCost = Double.compare(opening[a], opening[b]);
          return byCost != 0 ? byCost : table.byName(a, b);
        });
    int step = whole ? workload.replicas() : chunk;
    for (int i : order) {
      if (missing <= 0 || used >= maxClusters || (!whole && step > remaining)) {
        break;
      }
      replicas[i] = step;
      remaining -= whole ? 0 : step;
      used++;
      missing--;
    }
    if (missing > 0) {
      int reached = spread.minGroups() - missing;
      String why =
          covered.size() + best.size() < spread.minGroups()
              ? "only " + (covered.size() + best.size()) + " have a candidate cluster"
              : used >= maxClusters
                  ? "maxClusters " + maxClusters + " allows no more"
                  : "too few replicas";
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
    CostHeap heap = new CostHeap(table, candidates.count());
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      if (replicas[i] < candidates.capacity[i]) {
        heap.push(i, replicas[i] == 0 ? openingCost(i) : cost.marginal(i, replicas[i] + 1));
      }
    }
    while (remaining > 0 && !heap.isEmpty()) {
      int i = heap.pop();
      if (replicas[i] == 0) {
        if (used >= maxClusters || chunk > remaining) {
          continue;
        }
        replicas[i] = chunk;
        remaining -= chunk;
        used++;
      } else {
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
    double[] totals = openingCosts();
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      if (replicas[i] == 0) {
        order.add(i);
        totals[i] = total(i, target);
      }
    }
    order.sort(
        (a, b) -> {
          int byCost = Double.compare(totals[a], totals[b]);
          return byCost != 0 ? byCost : table.byName(a, b);
        });
    for (int i : order) {
      if (used >= maxClusters) {
        break;
      }
      replicas[i] = target;
      used++;
    }
  }

  /** Scratch space for one cost per cluster, allocated once per allocation. */
  private double[] openingCosts() {
    if (scratch == null) {
      scratch = new double[table.size()];
    }
    return scratch;
  }

  /** The average cost of the replicas a cluster takes when it is opened. */
  private double openingCost(int cluster) {
    double sum = 0;
    for (int k = 1; k <= chunk; k++) {
      sum += cost.marginal(cluster, k);
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
