package io.ubernetes.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a workload's replicas go, and why. Infeasible is an outcome, not an exception: the summary
 * says which clusters were filtered out and for what reasons, and partial placements say what did
 * not fit.
 */
public final class Decision {

  /** How much of the request was met. */
  public enum Outcome {
    /**
     * Every replica placed. A soft requirement may still be unmet (a spread that too few groups
     * allow): see {@link #unmetSpread} and {@link #problems}.
     */
    PLACED,
    /**
     * Some replicas placed, not all; or, Duplicated, on fewer clusters than it would have had but
     * for a budget (see {@link #quotaReached}).
     */
    PARTIAL,
    /** Nothing placed. */
    UNSCHEDULABLE
  }

  /** How much explanation a decision carries. */
  public enum Detail {
    /**
     * Verdicts for the clusters that got replicas and the best runners-up; every filtered cluster
     * by reason. What a scheduler stores.
     */
    BRIEF,
    /** A verdict for every cluster, with figures. What an operator asks about. */
    FULL
  }

  private static final int RUNNERS_UP = 3;

  private final WorkloadKey workload;
  private final Outcome outcome;
  private final int requested;
  private final SortedMap<String, Integer> replicas;
  private final List<String> problems;
  private final List<String> unmetSpread;
  private final List<QuotaReached> quotaReached;
  private final String summary;
  private final Instant scaleBackPendingSince;
  private final List<ClusterVerdict> verdicts;
  private final Cluster[] clusters;

  /**
   * Why each cluster was filtered, as {@link Candidates} has it: kept rather than the candidates,
   * whose per-cluster arrays a batch of decisions need not hold on to.
   */
  private final byte[] reasonOf;

  private final List<String> reasons;
  private final Resources perReplica;
  private final double cost;

  /**
   * @param allocation replicas per cluster position, and what could not be honoured
   * @param scaleBackNote why replicas stay in later burst tiers for now; null if none do
   */
  Decision(
      Workload workload,
      ClusterTable table,
      Candidates candidates,
      CostModel costModel,
      Allocator.Result allocation,
      String scaleBackNote,
      Instant scaleBackPendingSince,
      Detail detail) {
    int[] given = allocation.replicas();
    this.workload = workload.key();
    this.requested = workload.replicas();
    this.clusters = table.clusters;
    this.reasonOf = candidates.reasonOf;
    this.reasons = candidates.reasons;
    this.perReplica = workload.perReplica();
    this.scaleBackPendingSince = scaleBackPendingSince;
    TreeMap<String, Integer> placed = new TreeMap<>();
    for (int i = 0; i < given.length; i++) {
      if (given[i] > 0) {
        placed.put(table.name(i), given[i]);
      }
    }
    // Summed in name order, so that the total does not depend on the order clusters came in. Each
    // placed cluster is priced once, for the total and for its verdict.
    double total = 0;
    Map<Integer, CostModel.Totals> priced = HashMap.newHashMap(placed.size());
    for (String cluster : placed.keySet()) {
      int i = table.indexOf(cluster);
      CostModel.Totals totals = costModel.totals(i, given[i]);
      priced.put(i, totals);
      total += totals.total();
    }
    this.replicas = Collections.unmodifiableSortedMap(placed);
    this.cost = total;
    this.quotaReached = allocation.quotaReached();
    this.outcome = outcome(workload, placed, quotaReached);
    List<String> notes = new ArrayList<>(allocation.problems());
    if (outcome == Outcome.PLACED) {
      notes.addAll(movedOff(workload, placed));
    }
    if (scaleBackNote != null) {
      notes.add(scaleBackNote);
    }
    this.problems = List.copyOf(notes);
    this.unmetSpread = allocation.unmetSpread();
    this.verdicts =
        verdicts(table, candidates, costModel, priced, given, allocation.quota(), detail);
    this.summary =
        Diagnosis.summary(
            this,
            workload.placement().mode() == PlacementSpec.Mode.DUPLICATED,
            table.size(),
            candidates);
  }

  private static Outcome outcome(
      Workload workload, Map<String, Integer> placed, List<QuotaReached> quotaReached) {
    if (workload.replicas() == 0) {
      return Outcome.PLACED;
    }
    if (placed.isEmpty()) {
      return Outcome.UNSCHEDULABLE;
    }
    boolean complete =
        workload.placement().mode() == PlacementSpec.Mode.DUPLICATED
            ? quotaReached.isEmpty()
            : placed.values().stream().mapToInt(Integer::intValue).sum() == workload.replicas();
    return complete ? Outcome.PLACED : Outcome.PARTIAL;
  }

  /** Replicas that waited for a node too long and were placed on other clusters, by cluster. */
  private static List<String> movedOff(Workload workload, Map<String, Integer> placed) {
    List<String> moved = new ArrayList<>();
    for (Map.Entry<String, Unschedulable> entry :
        new TreeMap<>(workload.unschedulable()).entrySet()) {
      Unschedulable stuck = entry.getValue();
      int before = workload.current().getOrDefault(entry.getKey(), 0);
      int left = Math.min(before - placed.getOrDefault(entry.getKey(), 0), stuck.replicas());
      if (stuck.overdue() && left > 0) {
        moved.add(
            Candidates.unschedulable(left, "on " + entry.getKey(), stuck) + ": placed elsewhere");
      }
    }
    return moved;
  }

  private List<ClusterVerdict> verdicts(
      ClusterTable table,
      Candidates candidates,
      CostModel costModel,
      Map<Integer, CostModel.Totals> priced,
      int[] given,
      String[] quota,
      Detail detail) {
    if (detail == Detail.FULL) {
      // Every cluster, in name order: the fleet's order by name is sorted once, not per decision.
      ClusterVerdict[] all = new ClusterVerdict[given.length];
      int k = 0;
      for (int i : table.nameOrder()) {
        all[k++] = verdict(table, candidates, costModel, priced, given, quota, i);
      }
      return List.of(all);
    }
    List<ClusterVerdict> result = new ArrayList<>();
    int[] best = new int[RUNNERS_UP];
    double[] bestCost = new double[RUNNERS_UP];
    int found = 0;
    // Only candidates get replicas: the others need no look.
    for (int c = 0; c < candidates.count(); c++) {
      int i = candidates.candidate(c);
      if (given[i] > 0) {
        result.add(verdict(table, candidates, costModel, priced, given, quota, i));
      } else {
        // Keep the cheapest few unused candidates, in cost then name order, by insertion.
        double price = costModel.first(i);
        int at = found;
        while (at > 0
            && (price < bestCost[at - 1]
                || price == bestCost[at - 1] && table.byName(i, best[at - 1]) < 0)) {
          at--;
        }
        if (at < RUNNERS_UP) {
          int last = Math.min(found, RUNNERS_UP - 1);
          System.arraycopy(best, at, best, at + 1, last - at);
          System.arraycopy(bestCost, at, bestCost, at + 1, last - at);
          best[at] = i;
          bestCost[at] = price;
          found = Math.min(found + 1, RUNNERS_UP);
        }
      }
    }
    for (int k = 0; k < found; k++) {
      result.add(verdict(table, candidates, costModel, priced, given, quota, best[k]));
    }
    result.sort((a, b) -> a.cluster().compareTo(b.cluster()));
    return List.copyOf(result);
  }

  private ClusterVerdict verdict(
      ClusterTable table,
      Candidates candidates,
      CostModel costModel,
      Map<Integer, CostModel.Totals> priced,
      int[] given,
      String[] quota,
      int i) {
    if (!candidates.isCandidate(i)) {
      String reason = candidates.detail != null ? candidates.detail[i] : candidates.reason(i);
      return new ClusterVerdict(table.name(i), false, reason, 0, 0, null, null, null, null, null);
    }
    int capacity = candidates.capacity[i];
    CostModel.Totals totals = priced.get(i);
    if (totals == null) {
      totals = costModel.totals(i, given[i]);
    }
    return new ClusterVerdict(
        table.name(i),
        true,
        null,
        capacity,
        given[i],
        totals.terms(),
        given[i] < capacity ? costModel.terms(i, given[i] + 1) : null,
        table.clusters[i].price().of(perReplica) * given[i],
        100 * totals.utilization(),
        quota == null ? null : quota[i]);
  }

  public WorkloadKey workload() {
    return workload;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Replicas asked for: in total when divided, per cluster when duplicated. */
  public int requestedReplicas() {
    return requested;
  }

  /** Replicas per cluster name, for clusters that get any. */
  public SortedMap<String, Integer> replicas() {
    return replicas;
  }

  public int placedReplicas() {
    return replicas.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * What was not honoured or is worth knowing, e.g. a spread that too few groups could satisfy,
   * replicas placed elsewhere because a cluster could not schedule them, a scale-back held back.
   */
  public List<String> problems() {
    return problems;
  }

  /** The spreads that too few topology groups could satisfy; also among {@link #problems}. */
  public List<String> unmetSpread() {
    return unmetSpread;
  }

  /**
   * The budgets that left this workload with fewer replicas (Divided) or clusters (Duplicated) than
   * it would otherwise have had, each dimension without room once; empty when none did. Their
   * {@link QuotaReached#message}s are also among {@link #problems}.
   */
  public List<QuotaReached> quotaReached() {
    return quotaReached;
  }

  /**
   * One line for people, e.g. {@code 6/6 replicas on 2 clusters (aws-eu-west 2, onprem-fra 4); 3/7
   * clusters fit: 3 region not in [eu-central, eu-west], 1 not ready}.
   */
  public String summary() {
    return summary;
  }

  /**
   * When this workload's earlier burst tiers first had room for replicas running in later ones;
   * null if they have not. Pass it back in {@link Workload#scaleBackPendingSince} next time.
   */
  public Instant scaleBackPendingSince() {
    return scaleBackPendingSince;
  }

  /** Per-cluster verdicts, by cluster name; see {@link Detail} for which clusters appear. */
  public List<ClusterVerdict> verdicts() {
    return verdicts;
  }

  /** Every filtered cluster, by reason. */
  public SortedMap<String, List<String>> filtered() {
    TreeMap<String, List<String>> byReason = new TreeMap<>();
    for (int i = 0; i < clusters.length; i++) {
      String reason = reasonOf[i] == 0 ? null : reasons.get(reasonOf[i] - 1);
      if (reason != null) {
        byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(clusters[i].name());
      }
    }
    byReason.replaceAll((reason, names) -> names.stream().sorted().toList());
    return Collections.unmodifiableSortedMap(byReason);
  }

  /** The total cost of the placement, as the cost function sees it. */
  public double cost() {
    return cost;
  }

  @Override
  public String toString() {
    return workload + ": " + summary;
  }
}
