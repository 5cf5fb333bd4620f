package io.ubernetes.placement;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.PlacementSpec.Burst;
import io.ubernetes.placement.PlacementSpec.Coupling;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import io.ubernetes.placement.PlacementSpec.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Places one workload: resolves its couplings against where their partners run, filters, prices,
 * allocates, and holds back burst replicas that may not return yet.
 */
final class WorkloadPlanner {
  private WorkloadPlanner() {}

  /**
   * @param placements where other workloads run (cluster name to replicas); null if unknown
   * @param extra a further hard rule, e.g. the domain a Strict coupling group was given; or null
   * @param budgets the budgets of the workload's namespace, as the batch has spent them; null for
   *     none
   */
  static Decision plan(
      Workload workload,
      ClusterTable table,
      Function<WorkloadKey, Map<String, Integer>> placements,
      Instant now,
      Detail detail,
      DomainRule extra,
      Budgets budgets) {
    return plan(workload, table, placements, now, detail, extra, null, budgets);
  }

  /**
   * @param priceReference clusters whose prices also count for the dearest candidate (see {@link
   *     CostModel}); or null
   */
  static Decision plan(
      Workload workload,
      ClusterTable table,
      Function<WorkloadKey, Map<String, Integer>> placements,
      Instant now,
      Detail detail,
      DomainRule extra,
      Candidates priceReference,
      Budgets budgets) {
    List<DomainRule> rules = new ArrayList<>();
    List<CostModel.PreferredDomain> preferred = new ArrayList<>();
    for (Coupling coupling : workload.placement().coupling()) {
      WorkloadKey partner = workload.key().sibling(coupling.workload());
      Set<String> domains = domains(table, placements.apply(partner), coupling.topologyKey());
      if (domains.isEmpty()) {
        // The partner runs nowhere yet: whoever lands first decides, the other follows.
        continue;
      }
      switch (coupling.type()) {
        case STRICT ->
            rules.add(new DomainRule(true, coupling.topologyKey(), domains, partner.toString()));
        case ANTI_AFFINITY ->
            rules.add(new DomainRule(false, coupling.topologyKey(), domains, partner.toString()));
        case PREFERRED ->
            preferred.add(
                new CostModel.PreferredDomain(coupling.topologyKey(), domains, coupling.weight()));
      }
    }
    if (extra != null) {
      rules.add(extra);
    }
    int[] running = table.currentOf(workload);
    Candidates candidates =
        Candidates.filter(workload, table, running, rules, detail == Detail.FULL);
    CostModel cost = new CostModel(workload, table, running, candidates, preferred, priceReference);
    if (workload.placement().mode() == Mode.DUPLICATED) {
      Allocator.Result result = Allocator.duplicated(workload, table, candidates, cost, budgets);
      return new Decision(workload, table, candidates, cost, result, null, null, detail);
    }
    Allocator.Result ideal = Allocator.divided(workload, table, candidates, cost, null, budgets);
    Burst burst = workload.placement().burst();
    if (burst == null) {
      return new Decision(workload, table, candidates, cost, ideal, null, null, detail);
    }
    int[] keep = heldBack(workload, table, ideal.replicas());
    if (keep == null) {
      return new Decision(workload, table, candidates, cost, ideal, null, null, detail);
    }
    Instant since =
        workload.scaleBackPendingSince() == null ? now : workload.scaleBackPendingSince();
    if (!now.isBefore(since.plus(burst.scaleBackAfter()))) {
      return new Decision(workload, table, candidates, cost, ideal, null, null, detail);
    }
    Allocator.Result held = Allocator.divided(workload, table, candidates, cost, keep, budgets);
    String pending =
        "scale-back pending: replicas return to earlier burst tiers once they have had room for "
            + burst.scaleBackAfter().toSeconds()
            + "s (since "
            + since
            + ")";
    return new Decision(workload, table, candidates, cost, held, pending, since, detail);
  }

  /**
   * The replicas that must stay in later burst tiers for now, or null when the ideal placement
   * brings none of them back. Scaling down still removes later-tier replicas first.
   */
  private static int[] heldBack(Workload workload, ClusterTable table, int[] ideal) {
    Burst burst = workload.placement().burst();
    int running = 0;
    int laterNow = 0;
    int laterIdeal = 0;
    int[] keep = new int[table.size()];
    for (Map.Entry<String, Integer> entry : workload.current().entrySet()) {
      running += entry.getValue();
      Integer i = table.indexOf(entry.getKey());
      if (i != null && CostModel.tierRank(burst, table.clusters[i]) > 0) {
        laterNow += entry.getValue();
        keep[i] = entry.getValue();
      }
    }
    for (int i = 0; i < ideal.length; i++) {
      if (ideal[i] > 0 && CostModel.tierRank(burst, table.clusters[i]) > 0) {
        laterIdeal += ideal[i];
      }
    }
    int scaledDown = Math.max(0, running - workload.replicas());
    if (laterIdeal >= laterNow - scaledDown) {
      return null;
    }
    // Release the scale-down from the last tiers first, and within a tier from the last name.
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < keep.length; i++) {
      if (keep[i] > 0) {
        kept.add(i);
      }
    }
    kept.sort(
        (a, b) -> {
          int byTier =
              Integer.compare(
                  CostModel.tierRank(burst, table.clusters[b]),
                  CostModel.tierRank(burst, table.clusters[a]));
          return byTier != 0 ? byTier : table.byName(b, a);
        });
    for (int i : kept) {
      if (scaledDown == 0) {
        break;
      }
      int released = Math.min(keep[i], scaledDown);
      keep[i] -= released;
      scaledDown -= released;
    }
    return keep;
  }

  /** The topology domains a workload's replicas occupy. */
  static Set<String> domains(
      ClusterTable table, Map<String, Integer> placement, String topologyKey) {
    Set<String> domains = new TreeSet<>();
    if (placement == null) {
      return domains;
    }
    placement.forEach(
        (cluster, replicas) -> {
          Integer i = table.indexOf(cluster);
          if (replicas > 0 && i != null) {
            String domain = table.domain(i, topologyKey);
            if (domain != null) {
              domains.add(domain);
            }
          }
        });
    return domains;
  }

  static boolean hasStrictPartner(Workload workload, Set<WorkloadKey> batch) {
    for (Coupling coupling : workload.placement().coupling()) {
      if (coupling.type() == CouplingType.STRICT
          && batch.contains(workload.key().sibling(coupling.workload()))) {
        return true;
      }
    }
    return false;
  }
}
