package io.ubernetes.placement;

import io.ubernetes.placement.PlacementSpec.Burst;
import io.ubernetes.placement.PlacementSpec.Preference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a placement spec makes of each cluster of a fleet before any capacity counts: the first of
 * its static hard rules the cluster breaks (failed, an untolerated NoExecute taint, the cluster
 * selector), its cordon (not ready, an untolerated NoSchedule taint), and the constant cost terms
 * that do not depend on the replica's size (preferences, PreferNoSchedule taints, burst tier). None
 * of it changes while the fleet's clusters are the same instances, whatever the clusters' usage, so
 * the many workloads of a batch, or of later calls, that share a spec share one of these: worked
 * out once per distinct spec instead of once per workload. Immutable once made.
 */
final class SpecTerms {
  /**
   * Per cluster, why the spec's static hard rules filter it: 0 when they do not, else the index of
   * the reason in {@link #reasons}.
   */
  private final int[] rule;

  /** The distinct reasons of {@link #rule}, from index 1. */
  private final List<String> reasons = new ArrayList<>();

  /** Per reason of {@link #reasons}, the first cluster that gives it. */
  private final List<Integer> firstGivenBy = new ArrayList<>();

  /** The clusters the static rules let through, and those they filter, each in order. */
  private final int[] passing;

  private final int[] filtered;

  /** Per cluster, why it takes no new replicas of the spec's workloads; null when it may. */
  private final String[] cordon;

  /** Per cluster, the weighted preferences it matches, as a (negative) cost. */
  final double[] preference;

  /** Per cluster, its untolerated PreferNoSchedule taints as a cost. */
  final double[] taints;

  /** Per cluster, its burst tier's rank; zeros without a burst. */
  final int[] tier;

  SpecTerms(PlacementSpec spec, ClusterTable table) {
    int n = table.size();
    rule = new int[n];
    cordon = new String[n];
    preference = new double[n];
    taints = new double[n];
    tier = new int[n];
    ColumnSelector selector = ColumnSelector.of(spec.clusterSelector(), table);
    List<Preference> wanted = spec.preferences();
    ColumnSelector[] preferences = new ColumnSelector[wanted.size()];
    for (int p = 0; p < preferences.length; p++) {
      preferences[p] = ColumnSelector.of(wanted.get(p).selector(), table);
    }
    double preferenceWeight = spec.costWeights().preference();
    Burst burst = spec.burst();
    LabelColumn tiers = burst == null ? null : table.column(Cluster.TIER_LABEL);
    int[] rankOf = tiers == null ? null : new int[tiers.ids()];
    // A cluster without a tier label is ranked as before, by itself.
    for (int id = LabelColumn.ABSENT + 1; rankOf != null && id < rankOf.length; id++) {
      rankOf[id] = CostModel.tierRank(burst, tiers.value(id));
    }
    // Each distinct reason numbered once; each distinct cordon one instance, which a decision
    // finds among its reasons by reference.
    Map<String, Integer> distinct = new HashMap<>();
    Map<String, String> cordons = new HashMap<>();
    reasons.add(null);
    firstGivenBy.add(-1);
    int passed = 0;
    for (int i = 0; i < n; i++) {
      Cluster cluster = table.clusters[i];
      String reason = staticRule(cluster, spec, selector, i);
      if (reason != null) {
        int first = i;
        rule[i] =
            distinct.computeIfAbsent(
                reason,
                r -> {
                  reasons.add(r);
                  firstGivenBy.add(first);
                  return reasons.size() - 1;
                });
      } else {
        passed++;
      }
      String cordoned = cordon(cluster, spec);
      cordon[i] = cordoned == null ? null : cordons.computeIfAbsent(cordoned, c -> c);
      for (int p = 0; p < preferences.length; p++) {
        if (preferences[p].matches(i)) {
          preference[i] -= preferenceWeight * wanted.get(p).weight();
        }
      }
      List<Taint> clusterTaints = cluster.taints();
      for (int t = 0; t < clusterTaints.size(); t++) {
        Taint taint = clusterTaints.get(t);
        if (taint.effect() == TaintEffect.PREFER_NO_SCHEDULE && !tolerated(taint, spec)) {
          taints[i] += CostModel.UNTOLERATED_PREFER_NO_SCHEDULE;
        }
      }
      if (burst != null) {
        int id = tiers.id(i);
        tier[i] = id == LabelColumn.ABSENT ? CostModel.tierRank(burst, cluster) : rankOf[id];
      }
    }
    passing = new int[passed];
    filtered = new int[n - passed];
    for (int i = 0, p = 0, f = 0; i < n; i++) {
      if (rule[i] == 0) {
        passing[p++] = i;
      } else {
        filtered[f++] = i;
      }
    }
  }

  /** The clusters the spec's static rules let through, in order. Callers must not change it. */
  int[] passing() {
    return passing;
  }

  /** The clusters the spec's static rules filter, in order. Callers must not change it. */
  int[] filtered() {
    return filtered;
  }

  /** The first cluster that gives reason {@code rule}. */
  int firstGivenBy(int rule) {
    return firstGivenBy.get(rule);
  }

  /**
   * Why the spec's static hard rules filter the cluster: 0 when they do not, else a number from 1
   * to {@link #reasonCount} for {@link #reason}.
   */
  int rule(int cluster) {
    return rule[cluster];
  }

  /** How many distinct reasons {@link #rule} has, plus one. */
  int reasonCount() {
    return reasons.size();
  }

  String reason(int rule) {
    return reasons.get(rule);
  }

  /** Why the cluster keeps the spec's workloads' replicas but takes no new ones; null if it may. */
  String cordon(int cluster) {
    return cordon[cluster];
  }

  private static String staticRule(
      Cluster cluster, PlacementSpec spec, ColumnSelector selector, int i) {
    if (cluster.readiness() == Readiness.FAILED) {
      return cluster.readinessReason() != null
          ? cluster.readinessReason()
          : "failed (not ready for longer than the grace period)";
    }
    List<Taint> taints = cluster.taints();
    for (int t = 0; t < taints.size(); t++) {
      Taint taint = taints.get(t);
      if (taint.effect() == TaintEffect.NO_EXECUTE && !tolerated(taint, spec)) {
        return "taint " + taint + " not tolerated";
      }
    }
    int failed = selector.firstFailure(i);
    return failed >= 0 ? selector.failure(failed) : null;
  }

  private static String cordon(Cluster cluster, PlacementSpec spec) {
    if (cluster.readiness() == Readiness.NOT_READY) {
      return cluster.readinessReason() != null ? cluster.readinessReason() : "not ready";
    }
    List<Taint> taints = cluster.taints();
    for (int t = 0; t < taints.size(); t++) {
      Taint taint = taints.get(t);
      if (taint.effect() == TaintEffect.NO_SCHEDULE && !tolerated(taint, spec)) {
        return "taint " + taint + " not tolerated";
      }
    }
    return null;
  }

  static boolean tolerated(Taint taint, PlacementSpec spec) {
    List<Toleration> tolerations = spec.tolerations();
    for (int t = 0; t < tolerations.size(); t++) {
      if (tolerations.get(t).tolerates(taint)) {
        return true;
      }
    }
    return false;
  }
}
