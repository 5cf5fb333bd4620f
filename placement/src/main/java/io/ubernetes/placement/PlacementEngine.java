package io.ubernetes.placement;

import io.ubernetes.placement.Decision.Detail;
import io.ubernetes.placement.PlacementSpec.Coupling;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Decides how many replicas of each workload go to which cluster. A pure function of its inputs: no
 * I/O, no clock (time is passed in), no randomness; the same input gives the same decision, ties
 * broken by cluster name.
 *
 * <p>Hard filters remove clusters a workload may not use, each with a reason; a cost function ranks
 * the rest replica by replica (price, utilization, preferences, coupling, stickiness,
 * PreferNoSchedule taints, burst tiers). See {@link Decision} for the result.
 *
 * <p>An engine keeps what it learned of the last fleet it was given (positions by name, labels
 * interned into columns) and reuses it while later calls pass the same cluster instances in the
 * same order; any other list is indexed afresh. Either way the decision is the same. An engine may
 * be shared between threads.
 */
public final class PlacementEngine {
  /** Strict coupling groups try at most this many topology domains. */
  private static final int GROUP_DOMAINS = 64;

  /** The index of the clusters of the last call; see {@link FleetIndex#reuse}. */
  private volatile FleetIndex lastFleet;

  /**
   * Whether decisions share what each placement spec and replica size make of the fleet ({@link
   * SpecTerms}, {@link ShapeTerms}) instead of working it out for every workload.
   */
  private final boolean share;

  public PlacementEngine() {
    this(true);
  }

  /**
   * @param share false for an engine that works everything out anew for each workload: what the
   *     shared work must decide alike
   */
  PlacementEngine(boolean share) {
    this.share = share;
  }

  /**
   * Places one workload, with no budget to keep to.
   *
   * @param others where other workloads run, for coupling (cluster name to replicas)
   */
  public Decision place(
      Workload workload,
      List<Cluster> clusters,
      Map<WorkloadKey, Map<String, Integer>> others,
      Instant now,
      Detail detail) {
    return place(workload, clusters, others, List.of(), now, detail);
  }

  /**
   * Places one workload within its namespace's budgets.
   *
   * @param others where other workloads run, for coupling (cluster name to replicas)
   * @param budgets what the quotas of the workload's namespace leave; empty for none
   */
  public Decision place(
      Workload workload,
      List<Cluster> clusters,
      Map<WorkloadKey, Map<String, Integer>> others,
      List<Budget> budgets,
      Instant now,
      Detail detail) {
    ClusterTable table = new ClusterTable(index(clusters), share);
    Decision decision =
        WorkloadPlanner.plan(
            workload, table, others::get, now, detail, null, Budgets.of(budgets, table));
    table.done();
    return decision;
  }

  /**
   * Places many workloads in a stable order (namespace, then name), taking each decision's replicas
   * out of the clusters' free capacity before the next, so that a batch never overcommits a
   * cluster. Workloads coupled Strict to each other land together in one topology domain, or none
   * of them is placed.
   *
   * @param existing where workloads outside the batch run, for coupling
   * @return one decision per workload, in the batch's order
   */
  public List<Decision> placeAll(
      List<Workload> workloads,
      List<Cluster> clusters,
      Map<WorkloadKey, Map<String, Integer>> existing,
      Instant now,
      Detail detail) {
    return placeAll(workloads, clusters, existing, Map.of(), now, detail);
  }

  /**
   * Places many workloads as {@link #placeAll(List, List, Map, Instant, Detail)} does, each within
   * the budgets of its namespace. The batch spends them in its order, so that the workloads of a
   * namespace never overspend together: a later one gets what the earlier ones left.
   *
   * @param existing where workloads outside the batch run, for coupling
   * @param budgets per namespace, what its quotas leave for the batch's workloads (the batch's own
   *     current replicas not counted in {@code used}: they are charged by their new decisions, and
   *     keep their room until then, so that running replicas of a later workload are never given to
   *     an earlier one); a namespace not in the map has no budget
   * @return one decision per workload, in the batch's order
   */
  public List<Decision> placeAll(
      List<Workload> workloads,
      List<Cluster> clusters,
      Map<WorkloadKey, Map<String, Integer>> existing,
      Map<String, List<Budget>> budgets,
      Instant now,
      Detail detail) {
    ClusterTable table = new ClusterTable(index(clusters), share);
    if (share) {
      table.shareShapes();
    }
    Map<String, Budgets> spent = new HashMap<>();
    Function<String, Budgets> budgetsOf =
        namespace ->
            budgets.isEmpty()
                ? null
                : spent.computeIfAbsent(
                    namespace, n -> Budgets.of(budgets.getOrDefault(n, List.of()), table));
    Map<WorkloadKey, Workload> batch = new TreeMap<>();
    for (Workload workload : workloads) {
      if (batch.put(workload.key(), workload) != null) {
        throw new IllegalArgumentException("workload " + workload.key() + " twice in one batch");
      }
    }
    // What the batch's workloads run keeps its room until each of them is placed again: a later
    // workload's running replicas are never given to an earlier one that starts new ones.
    for (Workload workload : batch.values()) {
      reserve(table, budgetsOf.apply(workload.key().namespace()), workload, 1);
    }
    Map<WorkloadKey, Decision> decided = new LinkedHashMap<>();
    Function<WorkloadKey, Map<String, Integer>> placements =
        key -> {
          Decision decision = decided.get(key);
          return decision != null ? decision.replicas() : existing.get(key);
        };
    for (List<Workload> group : strictGroups(batch)) {
      for (Workload member : group) {
        reserve(table, budgetsOf.apply(member.key().namespace()), member, -1);
      }
      if (group.size() == 1) {
        Workload workload = group.getFirst();
        Budgets namespaceBudgets = budgetsOf.apply(workload.key().namespace());
        Decision decision =
            WorkloadPlanner.plan(workload, table, placements, now, detail, null, namespaceBudgets);
        commit(table, namespaceBudgets, workload, decision);
        decided.put(workload.key(), decision);
      } else {
        Budgets groupBudgets = budgetsOf.apply(group.getFirst().key().namespace());
        for (Decision decision : placeGroup(group, table, groupBudgets, placements, now, detail)) {
          decided.put(decision.workload(), decision);
        }
      }
    }
    List<Decision> result = new ArrayList<>();
    for (WorkloadKey key : batch.keySet()) {
      result.add(decided.get(key));
    }
    table.done();
    return List.copyOf(result);
  }

  private FleetIndex index(List<Cluster> clusters) {
    FleetIndex index = FleetIndex.reuse(lastFleet, clusters);
    lastFleet = index;
    return index;
  }

  /** Workloads joined by Strict couplings within the batch; each group in key order. */
  private static List<List<Workload>> strictGroups(Map<WorkloadKey, Workload> batch) {
    Map<WorkloadKey, WorkloadKey> parent = new HashMap<>();
    for (WorkloadKey key : batch.keySet()) {
      parent.put(key, key);
    }
    for (Workload workload : batch.values()) {
      for (Coupling coupling : workload.placement().coupling()) {
        WorkloadKey partner = workload.key().sibling(coupling.workload());
        if (coupling.type() == CouplingType.STRICT && batch.containsKey(partner)) {
          WorkloadKey a = root(parent, workload.key());
          WorkloadKey b = root(parent, partner);
          if (!a.equals(b)) {
            parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
          }
        }
      }
    }
    Map<WorkloadKey, List<Workload>> groups = new TreeMap<>();
    for (Workload workload : batch.values()) {
      groups.computeIfAbsent(root(parent, workload.key()), k -> new ArrayList<>()).add(workload);
    }
    return new ArrayList<>(groups.values());
  }

  private static WorkloadKey root(Map<WorkloadKey, WorkloadKey> parent, WorkloadKey key) {
    WorkloadKey root = key;
    while (!parent.get(root).equals(root)) {
      root = parent.get(root);
    }
    return root;
  }

  /**
   * Tries the group in each topology domain its first member could use, keeps the cheapest domain
   * where every member is placed in full, and commits it; or places none of them.
   */
  private static List<Decision> placeGroup(
      List<Workload> group,
      ClusterTable table,
      Budgets budgets,
      Function<WorkloadKey, Map<String, Integer>> placements,
      Instant now,
      Detail detail) {
    String topologyKey = groupTopologyKey(group);
    Workload first = group.getFirst();
    Candidates usable = Candidates.filter(first, table, List.of(), false);
    TreeSet<String> usableDomains = new TreeSet<>();
    for (int i = 0; i < table.size(); i++) {
      String domain = table.domain(i, topologyKey);
      if (domain != null && usable.isCandidate(i)) {
        usableDomains.add(domain);
      }
    }
    Set<String> domains = new TreeSet<>(usableDomains.stream().limit(GROUP_DOMAINS).toList());
    // Each domain's cost is priced against the same dearest cluster, so that the totals compare.
    Map<WorkloadKey, Candidates> prices = new HashMap<>();
    for (Workload workload : group) {
      prices.put(workload.key(), Candidates.filter(workload, table, List.of(), false));
    }
    String best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (String domain : domains) {
      double cost =
          tryDomain(
              group,
              table.scratch(),
              budgets == null ? null : budgets.copy(),
              placements,
              now,
              topologyKey,
              domain,
              prices);
      if (cost < bestCost) {
        best = domain;
        bestCost = cost;
      }
    }
    List<Decision> decisions = new ArrayList<>();
    if (best == null) {
      String members = String.join(", ", group.stream().map(w -> w.key().toString()).toList());
      String scope = topologyKey == null ? "cluster" : LabelSelector.shortKey(topologyKey);
      String within =
          budgets != null
                  && fitsWithoutBudgets(group, table, placements, now, topologyKey, domains, prices)
              ? " within the namespace's quotas"
              : "";
      DomainRule nowhere =
          new DomainRule(
              true,
              topologyKey,
              Set.of(),
              "the Strict coupling group "
                  + members
                  + " (no single "
                  + scope
                  + " fits all"
                  + within
                  + ")");
      for (Workload workload : group) {
        decisions.add(
            WorkloadPlanner.plan(workload, table, placements, now, detail, nowhere, budgets));
      }
      return decisions;
    }
    Map<WorkloadKey, Decision> placed = new HashMap<>();
    DomainRule inside =
        new DomainRule(true, topologyKey, Set.of(best), "its Strict coupling group");
    for (Workload workload : group) {
      Decision decision =
          WorkloadPlanner.plan(
              workload,
              table,
              overlay(placements, placed),
              now,
              detail,
              inside,
              prices.get(workload.key()),
              budgets);
      commit(table, budgets, workload, decision);
      placed.put(workload.key(), decision);
      decisions.add(decision);
    }
    return decisions;
  }

  /** Whether the group fits in one of the domains when no budget counts: then a quota stops it. */
  private static boolean fitsWithoutBudgets(
      List<Workload> group,
      ClusterTable table,
      Function<WorkloadKey, Map<String, Integer>> placements,
      Instant now,
      String topologyKey,
      Set<String> domains,
      Map<WorkloadKey, Candidates> prices) {
    for (String domain : domains) {
      double cost =
          tryDomain(group, table.scratch(), null, placements, now, topologyKey, domain, prices);
      if (cost < Double.POSITIVE_INFINITY) {
        return true;
      }
    }
    return false;
  }

  /** The total cost of the group in {@code domain}, or infinity if a member does not fit there. */
  private static double tryDomain(
      List<Workload> group,
      ClusterTable scratch,
      Budgets budgets,
      Function<WorkloadKey, Map<String, Integer>> placements,
      Instant now,
      String topologyKey,
      String domain,
      Map<WorkloadKey, Candidates> prices) {
    Map<WorkloadKey, Decision> placed = new HashMap<>();
    DomainRule inside =
        new DomainRule(true, topologyKey, Set.of(domain), "its Strict coupling group");
    double total = 0;
    for (Workload workload : group) {
      Decision decision =
          WorkloadPlanner.plan(
              workload,
              scratch,
              overlay(placements, placed),
              now,
              Detail.BRIEF,
              inside,
              prices.get(workload.key()),
              budgets);
      if (decision.outcome() != Decision.Outcome.PLACED) {
        return Double.POSITIVE_INFINITY;
      }
      commit(scratch, budgets, workload, decision);
      placed.put(workload.key(), decision);
      total += decision.cost();
    }
    return total;
  }

  private static Function<WorkloadKey, Map<String, Integer>> overlay(
      Function<WorkloadKey, Map<String, Integer>> placements, Map<WorkloadKey, Decision> placed) {
    return key -> placed.containsKey(key) ? placed.get(key).replicas() : placements.apply(key);
  }

  private static String groupTopologyKey(List<Workload> group) {
    for (Workload workload : group) {
      for (Coupling coupling : workload.placement().coupling()) {
        if (coupling.type() == CouplingType.STRICT) {
          return coupling.topologyKey();
        }
      }
    }
    return null;
  }

  /**
   * Charges ({@code sign} 1) or gives back ({@code sign} -1) the replicas a workload runs now to
   * its namespace's budgets.
   */
  private static void reserve(ClusterTable table, Budgets budgets, Workload workload, int sign) {
    if (budgets == null) {
      return;
    }
    for (Map.Entry<String, Integer> running : workload.current().entrySet()) {
      Integer i = table.indexOf(running.getKey());
      if (i != null) {
        budgets.charge(i, workload.perReplica(), sign * running.getValue());
      }
    }
  }

  private static void commit(
      ClusterTable table, Budgets budgets, Workload workload, Decision decision) {
    if (budgets != null) {
      for (Map.Entry<String, Integer> given : decision.replicas().entrySet()) {
        budgets.charge(table.indexOf(given.getKey()), workload.perReplica(), given.getValue());
      }
    }
    for (Map.Entry<String, Integer> running : workload.current().entrySet()) {
      Integer i = table.indexOf(running.getKey());
      if (i != null) {
        int after = decision.replicas().getOrDefault(running.getKey(), 0);
        Unschedulable waiting = workload.unschedulable().get(running.getKey());
        int onNodes =
            running.getValue()
                - (waiting == null ? 0 : Math.min(running.getValue(), waiting.replicas()));
        table.take(i, workload.perReplica(), running.getValue(), after, onNodes);
      }
    }
    for (Map.Entry<String, Integer> given : decision.replicas().entrySet()) {
      if (!workload.current().containsKey(given.getKey())) {
        table.take(table.indexOf(given.getKey()), workload.perReplica(), 0, given.getValue(), 0);
      }
    }
  }
}
