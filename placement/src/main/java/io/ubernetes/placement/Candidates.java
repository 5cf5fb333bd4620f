package io.ubernetes.placement;

import io.ubernetes.placement.PlacementSpec.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hard filters, in order: the workload's fence (the clusters its namespace may use), readiness,
 * NoExecute taints, the cluster selector, Strict and AntiAffinity coupling, unschedulable (a
 * cluster being drained: its replicas go elsewhere), cordons (NoSchedule taints, a cluster not
 * ready within its grace period: they keep the replicas they have and take no new ones), and
 * capacity. Each filtered cluster gets one reason, the first rule it breaks.
 */
final class Candidates {
  static final String UNSCHEDULABLE = "unschedulable (being drained)";

  /** Reason index per cluster: 0 for a candidate, else 1 + the index in {@link #reasons}. */
  final byte[] reasonOf;

  /** Distinct reasons, as diagnoses group them ("insufficient cpu (need 500m)"). */
  final List<String> reasons = new ArrayList<>();

  /** Per cluster, the most replicas of this workload it can hold; 0 when filtered. */
  final int[] capacity;

  /** Candidate clusters, in name order. */
  final int[] candidates;

  /** Per filtered cluster, the reason with its figures ("need 500m, free 200m"), when asked for. */
  final String[] detail;

  private final Map<String, Integer> reasonIndex = new HashMap<>();

  /** Per static rule of the spec, its entry in {@link #reasonOf}; 0 until first met. */
  private byte[] staticReasons;

  private Candidates(int n, boolean detailed) {
    reasonOf = new byte[n];
    capacity = new int[n];
    detail = detailed ? new String[n] : null;
    candidates = new int[n];
  }

  private int candidateCount;

  static Candidates filter(
      Workload workload, ClusterTable table, List<DomainRule> rules, boolean detailed) {
    return filter(workload, table, table.currentOf(workload), rules, detailed);
  }

  /**
   * @param running the workload's current replicas per cluster position
   */
  static Candidates filter(
      Workload workload,
      ClusterTable table,
      int[] running,
      List<DomainRule> rules,
      boolean detailed) {
    Candidates result = new Candidates(table.size(), detailed);
    PlacementSpec spec = workload.placement();
    Resources unit = workload.perReplica();
    // What the spec makes of each cluster, and the replica size's figures on each, are shared by
    // the workloads of the same spec and size; only the clusters that took replicas since change.
    SpecTerms terms = table.terms(spec);
    ShapeTerms shape = table.shape(unit);
    LabelColumn[] ruleColumns = new LabelColumn[rules.size()];
    boolean[][] ruleAllows = new boolean[rules.size()][];
    for (int r = 0; r < ruleColumns.length; r++) {
      ruleColumns[r] = table.column(rules.get(r).topologyKey());
      ruleAllows[r] = rules.get(r).allowed(ruleColumns[r]);
    }
    int minimum = Math.max(1, spec.minReplicasPerCluster());
    if (spec.mode() == Mode.DUPLICATED) {
      minimum = Math.max(minimum, workload.replicas());
    }
    Map<String, Unschedulable> waiting = workload.unschedulable();
    Fence fence = workload.fence();
    boolean[] inside = fence == null ? null : table.inside(fence);
    // Without a fence only the clusters the spec's static rules let through are looked at one by
    // one; the others take their reasons at the end, each reason numbered where the cluster that
    // first gave it comes, so that the decision's reasons keep the order of a look at every
    // cluster.
    int[] order = inside == null ? terms.passing() : null;
    int count = order == null ? table.size() : order.length;
    int nextStatic = 1;
    for (int p = 0; p < count; p++) {
      int i = order == null ? p : order[p];
      int current = running[i];
      if (inside != null && !inside[i]) {
        // First: a tenant learns nothing about a cluster it may not use but that.
        result.reject(i, fence.reason(), null);
        continue;
      }
      if (order == null) {
        int rule = terms.rule(i);
        if (rule != 0) {
          result.rejectStatic(i, terms, rule);
          continue;
        }
      } else {
        nextStatic = result.meetStatic(terms, nextStatic, i);
      }
      String rejected = hardRule(table, i, rules, ruleColumns, ruleAllows);
      if (rejected != null) {
        result.reject(i, rejected, null);
        continue;
      }
      long fits = shape != null && current == 0 ? shape.fits(i) : fits(table, i, unit, current);
      Unschedulable stuck = waiting.isEmpty() ? null : waiting.get(table.name(i));
      long onNodes = onNodes(table, shape, i, unit, current, stuck, minimum, workload.replicas());
      long bound =
          spec.maxReplicasPerCluster() > 0 ? spec.maxReplicasPerCluster() : Integer.MAX_VALUE;
      String cordon = terms.cordon(i);
      if (cordon != null) {
        if (current == 0) {
          result.reject(i, cordon, null);
          continue;
        }
        bound = Math.min(bound, current);
      }
      int capacity = (int) Math.min(Math.min(fits, onNodes), bound);
      if (capacity < minimum && fits >= minimum && onNodes >= minimum) {
        // Room enough: the bound is what stops it, a cordon or maxReplicasPerCluster.
        result.reject(i, bounded(cordon, current, spec, minimum), null);
        continue;
      }
      if (capacity < minimum && onNodes < minimum) {
        result.reject(i, noNode(table, i, unit, current, stuck, onNodes, minimum, spec), null);
        continue;
      }
      if (capacity < minimum) {
        result.reject(
            i,
            shortage(table, i, unit, current, capacity, minimum, spec),
            detailed ? figures(table, i, unit, current) : null);
        continue;
      }
      result.capacity[i] = capacity;
      result.candidates[result.candidateCount++] = i;
    }
    if (order != null) {
      result.meetStatic(terms, nextStatic, table.size());
      result.rejectStatic(terms);
    }
    return result;
  }

  int count() {
    return candidateCount;
  }

  int candidate(int k) {
    return candidates[k];
  }

  boolean isCandidate(int cluster) {
    return reasonOf[cluster] == 0;
  }

  String reason(int cluster) {
    return reasonOf[cluster] == 0 ? null : reasons.get(reasonOf[cluster] - 1);
  }

  /**
   * Rejects a cluster for one of the spec's static rules ({@link SpecTerms#rule}): each such reason
   * is looked up among the decision's reasons once, then by its number.
   */
  private void rejectStatic(int cluster, SpecTerms terms, int rule) {
    if (staticReasons == null) {
      staticReasons = new byte[terms.reasonCount()];
    }
    if (staticReasons[rule] == 0) {
      reject(cluster, terms.reason(rule), null);
      staticReasons[rule] = reasonOf[cluster];
      return;
    }
    reasonOf[cluster] = staticReasons[rule];
    if (detail != null) {
      detail[cluster] = terms.reason(rule);
    }
  }

  /**
   * Numbers the spec's static reasons first given by a cluster before {@code before}, from {@code
   * next} on, as a look at every cluster would have met them; returns the next one to number.
   */
  private int meetStatic(SpecTerms terms, int next, int before) {
    if (staticReasons == null) {
      staticReasons = new byte[terms.reasonCount()];
    }
    int rule = next;
    for (; rule < terms.reasonCount() && terms.firstGivenBy(rule) < before; rule++) {
      staticReasons[rule] = (byte) (indexOf(terms.reason(rule)) + 1);
    }
    return rule;
  }

  /** Rejects every cluster the spec's static rules filter, each for its numbered reason. */
  private void rejectStatic(SpecTerms terms) {
    for (int cluster : terms.filtered()) {
      int rule = terms.rule(cluster);
      reasonOf[cluster] = staticReasons[rule];
      if (detail != null) {
        detail[cluster] = terms.reason(rule);
      }
    }
  }

  private void reject(int cluster, String reason, String withFigures) {
    int known = indexOf(reason);
    reasonOf[cluster] = (byte) (known + 1);
    if (detail != null) {
      detail[cluster] = withFigures == null ? reason : reason + ": " + withFigures;
    }
  }

  /** The index of a reason among the decision's, added if new. */
  private int indexOf(String reason) {
    Integer known = null;
    // Most reasons are the same few strings (a selector's failure, a rule's reason): find them by
    // reference before hashing; equal strings made anew are found by the map.
    for (int r = 0; r < reasons.size(); r++) {
      if (reasons.get(r) == reason) {
        known = r;
        break;
      }
    }
    if (known == null) {
      known = reasonIndex.get(reason);
    }
    if (known == null) {
      // Past 126 distinct reasons (hardly possible) the rest share the last slot.
      known = Math.min(reasons.size(), 125);
      if (known == reasons.size()) {
        reasons.add(reason);
      }
      reasonIndex.put(reason, known);
    }
    return known;
  }

  /**
   * The most replicas of this workload that the cluster's nodes hold: those already there that hold
   * a node, and what fits node by node besides; but the replicas already placed there stay while
   * their pods may still find a node. Replicas the cluster has not scheduled for longer than the
   * grace period mark the cluster as full for this workload: they go elsewhere. Unbounded when the
   * cluster did not report its nodes.
   */
  private static long onNodes(
      ClusterTable table,
      ShapeTerms shape,
      int i,
      Resources unit,
      int current,
      Unschedulable stuck,
      int minimum,
      int replicas) {
    int unbound = stuck == null ? 0 : Math.min(current, stuck.replicas());
    if (stuck != null && stuck.overdue()) {
      return current - unbound;
    }
    if (!table.knowsNodes(i)) {
      return Integer.MAX_VALUE;
    }
    // No cluster takes more new replicas than the workload has.
    long limit = Math.max(minimum, replicas);
    long fit = shape != null ? shape.nodeFit(i, limit) : table.nodeFit(i, unit, limit);
    return Math.max(current, current - unbound + fit);
  }

  /** Why the cluster's nodes hold fewer replicas than the minimum. */
  private static String noNode(
      ClusterTable table,
      int i,
      Resources unit,
      int current,
      Unschedulable stuck,
      long onNodes,
      int minimum,
      PlacementSpec spec) {
    if (stuck != null && stuck.overdue()) {
      int unbound = Math.min(current, stuck.replicas());
      return unbound > 0
          ? unschedulable(unbound, "there", stuck)
          : "could not schedule its replicas" + since(stuck);
    }
    String none = table.whyNoNode(i, unit);
    if (none != null && onNodes == 0) {
      return none;
    }
    String rule = spec.mode() == Mode.DUPLICATED ? "replicas" : "minReplicasPerCluster";
    return "its nodes hold " + onNodes + ", fewer than " + rule + " " + minimum;
  }

  /** {@code 2 replicas unschedulable there since ... (the member's reason)}. */
  static String unschedulable(int replicas, String where, Unschedulable stuck) {
    return replicas
        + (replicas == 1 ? " replica" : " replicas")
        + " unschedulable "
        + where
        + since(stuck);
  }

  /** {@code since ... (the member's reason)}. */
  private static String since(Unschedulable stuck) {
    return " since "
        + stuck.since()
        + (stuck.reason() == null || stuck.reason().isBlank() ? "" : " (" + stuck.reason() + ")");
  }

  /** The hard rules after the spec's static ones: coupling's domains, then a drain. */
  private static String hardRule(
      ClusterTable table,
      int i,
      List<DomainRule> rules,
      LabelColumn[] ruleColumns,
      boolean[][] ruleAllows) {
    for (int r = 0; r < ruleColumns.length; r++) {
      if (!ruleAllows[r][ruleColumns[r].id(i)]) {
        return rules.get(r).reason();
      }
    }
    if (table.unschedulable(i)) {
      return UNSCHEDULABLE;
    }
    return null;
  }

  /** Replicas that fit in what is free, counting this workload's own replicas as free. */
  static long fits(ClusterTable table, int i, Resources unit, int current) {
    return Math.max(
        0,
        Math.min(
            Math.min(
                room(table.allocatableCpu[i], table.usedCpu[i], unit.cpuMillis(), current),
                room(table.allocatableMemory[i], table.usedMemory[i], unit.memoryBytes(), current)),
            room(table.allocatablePods[i], table.usedPods[i], unit.pods(), current)));
  }

  private static long room(long allocatable, long used, long perReplica, int current) {
    if (perReplica == 0) {
      return Integer.MAX_VALUE;
    }
    long free = allocatable - used + current * perReplica;
    return free <= 0 ? 0 : free / perReplica;
  }

  private static String shortage(
      ClusterTable table,
      int i,
      Resources unit,
      int current,
      int capacity,
      int minimum,
      PlacementSpec spec) {
    String scarce = scarcest(table, i, unit, current);
    if (minimum == 1 || capacity == 0) {
      return "insufficient " + scarce + " (need " + need(unit, scarce) + ")";
    }
    String rule = spec.mode() == Mode.DUPLICATED ? "replicas" : "minReplicasPerCluster";
    return "insufficient " + scarce + " for " + rule + " " + minimum;
  }

  private static String bounded(String cordon, int current, PlacementSpec spec, int minimum) {
    String rule = spec.mode() == Mode.DUPLICATED ? "replicas" : "minReplicasPerCluster";
    if (cordon != null) {
      return cordon + ": keeps its " + current + ", fewer than " + rule + " " + minimum;
    }
    return "maxReplicasPerCluster "
        + spec.maxReplicasPerCluster()
        + " is less than "
        + rule
        + " "
        + minimum;
  }

  private static String scarcest(ClusterTable table, int i, Resources unit, int current) {
    long cpu = room(table.allocatableCpu[i], table.usedCpu[i], unit.cpuMillis(), current);
    long memory =
        room(table.allocatableMemory[i], table.usedMemory[i], unit.memoryBytes(), current);
    long pods = room(table.allocatablePods[i], table.usedPods[i], unit.pods(), current);
    if (cpu <= memory && cpu <= pods) {
      return "cpu";
    }
    return memory <= pods ? "memory" : "pods";
  }

  private static String need(Resources unit, String resource) {
    return switch (resource) {
      case "cpu" -> Quantities.cpu(unit.cpuMillis());
      case "memory" -> Quantities.memory(unit.memoryBytes());
      default -> Long.toString(unit.pods()) + " pod";
    };
  }

  private static String figures(ClusterTable table, int i, Resources unit, int current) {
    long freeCpu = table.allocatableCpu[i] - table.usedCpu[i] + current * unit.cpuMillis();
    long freeMemory =
        table.allocatableMemory[i] - table.usedMemory[i] + current * unit.memoryBytes();
    long freePods = table.allocatablePods[i] - table.usedPods[i] + current * unit.pods();
    return "free "
        + Quantities.cpu(Math.max(0, freeCpu))
        + " cpu, "
        + Quantities.memory(Math.max(0, freeMemory))
        + " memory, "
        + Math.max(0, freePods)
        + " pods; one replica needs "
        + Quantities.cpu(unit.cpuMillis())
        + " cpu, "
        + Quantities.memory(unit.memoryBytes())
        + " memory";
  }
}
