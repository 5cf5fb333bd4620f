package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.ClusterSetLimit;
import io.ubernetes.federation.quota.QuotaLedger.StoredQuota;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.placement.Budget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns the quotas of a scheduling pass's namespaces into the placement engine's budgets, and tells
 * the scheduler which namespaces' quotas changed since its last pass: their workloads are placed
 * again, so that a raised quota lets capped workloads grow.
 *
 * <p>A quota lowered below what its namespace already uses evicts nothing (nor does Kubernetes):
 * each limit the engine gets is the larger of the quota's and what the namespace's decisions use
 * now, so decisions may keep what they have, and no replica is added until use falls below the
 * quota.
 */
@Component
public class QuotaBudgets {
  private final QuotaLedger ledger;
  private final ClusterSetMembers sets;

  /** What the last committed pass saw of each namespace's quotas: names, uids and generations. */
  private Map<String, String> seen = Map.of();

  QuotaBudgets(QuotaLedger ledger, ClusterSetMembers sets) {
    this.ledger = ledger;
    this.sets = sets;
  }

  /**
   * The quotas as one pass sees them: read once, compared with what the previous pass saw.
   *
   * @param clusterLabels the labels of every cluster of the fleet, by name
   */
  public synchronized Plan plan(Map<String, Map<String, String>> clusterLabels) {
    List<StoredQuota> quotas = ledger.quotas();
    Map<String, String> now = new HashMap<>();
    Map<String, List<StoredQuota>> byNamespace = new HashMap<>();
    for (StoredQuota quota : quotas) {
      byNamespace.computeIfAbsent(quota.namespace(), n -> new ArrayList<>()).add(quota);
      now.merge(
          quota.namespace(),
          quota.name() + "/" + quota.uid() + "/" + quota.generation(),
          (a, b) -> a + "," + b);
    }
    Set<String> changed = new TreeSet<>();
    Set<String> namespaces = new HashSet<>(now.keySet());
    namespaces.addAll(seen.keySet());
    for (String namespace : namespaces) {
      if (!now.getOrDefault(namespace, "").equals(seen.getOrDefault(namespace, ""))) {
        changed.add(namespace);
      }
    }
    Map<String, String> seenNow = Map.copyOf(now);
    // Seen once the pass commits: a pass that fails leaves the change for the next one to see.
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              seen(seenNow);
            }
          });
    } else {
      seen(seenNow);
    }
    return new Plan(byNamespace, Set.copyOf(changed), clusterLabels);
  }

  /**
   * What a namespace's quotas leave for one workload placed apart from any pass (a simulation), as
   * a pass would give it: {@code used} is what the namespace's other workloads use by their stored
   * decisions. Marks nothing as seen.
   *
   * @param workload the uid of the workload placed, when it exists: its own stored decision is not
   *     counted beside its new one; null for a workload not stored
   * @param clusterLabels the labels of every cluster the placement may use, by name
   * @return empty when the namespace has no quota
   */
  public List<Budget> budgets(
      String namespace, UUID workload, Map<String, Map<String, String>> clusterLabels) {
    List<StoredQuota> mine =
        ledger.quotas().stream().filter(quota -> quota.namespace().equals(namespace)).toList();
    if (mine.isEmpty()) {
      return List.of();
    }
    return new Plan(Map.of(namespace, mine), Set.of(), clusterLabels)
        .budgets(Set.of(namespace), workload == null ? Set.of() : Set.of(workload))
        .getOrDefault(namespace, List.of());
  }

  private synchronized void seen(Map<String, String> quotas) {
    seen = quotas;
  }

  /**
   * One pass's view of the quotas.
   *
   * @param changed the namespaces whose quotas were created, changed or deleted since the previous
   *     pass (every namespace with a quota, on a scheduler's first pass)
   */
  public final class Plan {
    private final Map<String, List<StoredQuota>> quotas;
    private final Set<String> changed;
    private final Map<String, Map<String, String>> clusterLabels;

    private Plan(
        Map<String, List<StoredQuota>> quotas,
        Set<String> changed,
        Map<String, Map<String, String>> clusterLabels) {
      this.quotas = quotas;
      this.changed = changed;
      this.clusterLabels = clusterLabels;
    }

    public Set<String> changed() {
      return changed;
    }

    /** Whether a quota limits this namespace: only then has a decision there a quota to count. */
    public boolean limits(String namespace) {
      return quotas.containsKey(namespace);
    }

    /**
     * Per namespace, what its quotas leave for the batch's workloads: {@code used} is what its
     * workloads outside the batch use, by their stored decisions; the batch's own are charged by
     * their new decisions. Namespaces without a quota have no budget.
     *
     * @param namespaces the namespaces of the batch's workloads
     * @param batch the uids of the batch's workloads
     */
    public Map<String, List<Budget>> budgets(Collection<String> namespaces, Set<UUID> batch) {
      Set<String> limited = new TreeSet<>(namespaces);
      limited.retainAll(quotas.keySet());
      Map<String, List<Budget>> budgets = new HashMap<>();
      if (limited.isEmpty()) {
        return budgets;
      }
      QuotaUsage usage = ledger.usage(limited);
      Set<String> setNames = new TreeSet<>();
      for (String namespace : limited) {
        quotas
            .get(namespace)
            .forEach(q -> q.spec().clusterSets().forEach(s -> setNames.add(s.name())));
      }
      Map<String, Set<String>> members =
          setNames.isEmpty() ? Map.of() : sets.members(setNames, clusterLabels);
      for (String namespace : limited) {
        List<Budget> mine = of(quotas.get(namespace), usage, members, batch);
        if (!mine.isEmpty()) {
          budgets.put(namespace, mine);
        }
      }
      return budgets;
    }
  }

  /**
   * The budgets of one namespace's quotas: per quota, one over the fleet for {@code spec.hard} and
   * one per limited cluster set, each for the limits that bear on placement (cpu, memory, pods).
   *
   * @param members the clusters of each limited set, by set name
   * @param batch the workloads placed now: not counted in {@code used}, but in what a quota lowered
   *     below use keeps
   */
  static List<Budget> of(
      List<StoredQuota> quotas,
      QuotaUsage usage,
      Map<String, Set<String>> members,
      Set<UUID> batch) {
    List<Budget> budgets = new ArrayList<>();
    for (StoredQuota quota : quotas) {
      String namespace = quota.namespace();
      QuotaAmounts fleet = limits(quota.spec().hard());
      if (limitsPlacement(fleet)) {
        budgets.add(
            Budget.fleet(
                quota.name(),
                keptBelow(fleet, usage.used(namespace, uid -> true, c -> true)).resources(),
                usage.used(namespace, uid -> !batch.contains(uid), c -> true).resources()));
      }
      for (ClusterSetLimit set : quota.spec().clusterSets()) {
        QuotaAmounts limit = limits(set.hard());
        if (!limitsPlacement(limit)) {
          continue;
        }
        Set<String> clusters = members.getOrDefault(set.name(), Set.of());
        budgets.add(
            Budget.clusterSet(
                quota.name(),
                set.name(),
                clusters,
                keptBelow(limit, usage.used(namespace, uid -> true, clusters::contains))
                    .resources(),
                usage
                    .used(namespace, uid -> !batch.contains(uid), clusters::contains)
                    .resources()));
      }
    }
    return List.copyOf(budgets);
  }

  /** A stored quota's limits; it was validated when written, so nothing is reported here. */
  static QuotaAmounts limits(Map<String, String> hard) {
    return QuotaAmounts.limits(hard, "spec.hard", new FieldErrors());
  }

  private static boolean limitsPlacement(QuotaAmounts limits) {
    return limits.cpuMillis() != QuotaAmounts.UNLIMITED
        || limits.memoryBytes() != QuotaAmounts.UNLIMITED
        || limits.pods() != QuotaAmounts.UNLIMITED;
  }

  /**
   * The limit the engine gets: the quota's, or what is used now where that is more, so that a quota
   * lowered below use evicts nothing.
   */
  static QuotaAmounts keptBelow(QuotaAmounts limits, QuotaAmounts used) {
    return new QuotaAmounts(
        kept(limits.cpuMillis(), used.cpuMillis()),
        kept(limits.memoryBytes(), used.memoryBytes()),
        kept(limits.pods(), used.pods()),
        kept(limits.workloads(), used.workloads()));
  }

  private static long kept(long limit, long used) {
    return limit == QuotaAmounts.UNLIMITED ? limit : Math.max(limit, used);
  }
}
