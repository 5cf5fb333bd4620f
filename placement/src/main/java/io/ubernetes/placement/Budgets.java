package io.ubernetes.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The budgets of one namespace over the clusters of a batch, as the batch spends them. Decisions
 * are charged in the batch's order, so that one pass never overspends across the namespace's
 * workloads. An allocation spends through a {@link Spend} of its own: the same workload may be
 * allocated twice (a held-back burst), and only the decision kept is charged.
 */
final class Budgets {
  static final int CPU = 1;
  static final int MEMORY = 2;
  static final int PODS = 4;
  private static final int[] NONE = {};
  private static final Comparator<Budget> ORDER =
      Comparator.comparing(Budget::quota)
          .thenComparing(b -> b.clusterSet() == null ? "" : b.clusterSet());

  private final Budget[] budgets;

  /** Per cluster position, the budgets whose scope holds the cluster. */
  private final int[][] scopes;

  private final long[] usedCpu;
  private final long[] usedMemory;
  private final long[] usedPods;

  private Budgets(List<Budget> given, ClusterTable table) {
    List<Budget> sorted = new ArrayList<>(given);
    // Explanations list the budgets in one order, whatever order the caller gave them in.
    sorted.sort(ORDER);
    budgets = sorted.toArray(Budget[]::new);
    int n = budgets.length;
    usedCpu = new long[n];
    usedMemory = new long[n];
    usedPods = new long[n];
    for (int b = 0; b < n; b++) {
      usedCpu[b] = budgets[b].used().cpuMillis();
      usedMemory[b] = budgets[b].used().memoryBytes();
      usedPods[b] = budgets[b].used().pods();
    }
    scopes = new int[table.size()][];
    int[] holding = new int[n];
    for (int i = 0; i < table.size(); i++) {
      int count = 0;
      for (int b = 0; b < n; b++) {
        if (budgets[b].holds(table.name(i))) {
          holding[count++] = b;
        }
      }
      scopes[i] = count == 0 ? NONE : Arrays.copyOf(holding, count);
    }
  }

  private Budgets(Budgets other) {
    budgets = other.budgets;
    scopes = other.scopes;
    usedCpu = other.usedCpu.clone();
    usedMemory = other.usedMemory.clone();
    usedPods = other.usedPods.clone();
  }

  /** The budgets over the table's clusters; null when there are none, and nothing to check. */
  static Budgets of(List<Budget> given, ClusterTable table) {
    return given == null || given.isEmpty() ? null : new Budgets(given, table);
  }

  /** A copy to try a placement out on. */
  Budgets copy() {
    return new Budgets(this);
  }

  /** Charges a decision's replicas on one cluster. */
  void charge(int cluster, Resources unit, int replicas) {
    for (int b : scopes[cluster]) {
      usedCpu[b] += replicas * unit.cpuMillis();
      usedMemory[b] += replicas * unit.memoryBytes();
      usedPods[b] += replicas * unit.pods();
    }
  }

  Spend spend() {
    return new Spend();
  }

  /** Whether {@code need} more fits under {@code hard}, given what is used and spent already. */
  private static boolean fits(long hard, long used, long spent, long need) {
    return hard == Budget.UNLIMITED || need <= hard - used - spent;
  }

  /** What one allocation of one workload spends, on top of what the batch has charged. */
  final class Spend {
    private final long[] cpu = new long[budgets.length];
    private final long[] memory = new long[budgets.length];
    private final long[] pods = new long[budgets.length];

    /**
     * Why the cluster may not take {@code count} more replicas: the first budget holding it without
     * room and the dimensions it lacks, as one non-zero int for {@link #reached}; 0 when every
     * budget has room.
     */
    int shortOf(int cluster, Resources unit, int count) {
      for (int b : scopes[cluster]) {
        Resources hard = budgets[b].hard();
        int dimensions = 0;
        if (!fits(hard.cpuMillis(), usedCpu[b], cpu[b], count * unit.cpuMillis())) {
          dimensions |= CPU;
        }
        if (!fits(hard.memoryBytes(), usedMemory[b], memory[b], count * unit.memoryBytes())) {
          dimensions |= MEMORY;
        }
        if (!fits(hard.pods(), usedPods[b], pods[b], count * unit.pods())) {
          dimensions |= PODS;
        }
        if (dimensions != 0) {
          return refusal(b, dimensions);
        }
      }
      return 0;
    }

    void take(int cluster, Resources unit, int count) {
      for (int b : scopes[cluster]) {
        cpu[b] += count * unit.cpuMillis();
        memory[b] += count * unit.memoryBytes();
        pods[b] += count * unit.pods();
      }
    }

    /** What a refusal from {@link #shortOf} says, with what is used after this allocation. */
    List<QuotaReached> reached(int refusal) {
      int b = budget(refusal);
      int dimensions = refusal & 7;
      Budget budget = budgets[b];
      List<QuotaReached> result = new ArrayList<>(1);
      if ((dimensions & CPU) != 0) {
        result.add(limit(budget, "requests.cpu", usedCpu[b] + cpu[b], budget.hard().cpuMillis()));
      }
      if ((dimensions & MEMORY) != 0) {
        result.add(
            limit(
                budget, "requests.memory", usedMemory[b] + memory[b], budget.hard().memoryBytes()));
      }
      if ((dimensions & PODS) != 0) {
        result.add(limit(budget, "pods", usedPods[b] + pods[b], budget.hard().pods()));
      }
      return result;
    }
  }

  /** One int for a budget index and its dimensions without room: never 0. */
  private static int refusal(int budget, int dimensions) {
    return budget << 3 | dimensions;
  }

  /** The budget index of a refusal; refusals order by it, then by their dimensions. */
  static int budget(int refusal) {
    return refusal >>> 3;
  }

  private static QuotaReached limit(Budget budget, String resource, long used, long hard) {
    return new QuotaReached(budget.quota(), budget.clusterSet(), resource, used, hard);
  }
}
