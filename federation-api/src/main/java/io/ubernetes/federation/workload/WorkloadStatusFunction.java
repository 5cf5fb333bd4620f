package io.ubernetes.federation.workload;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A workload's status, computed from what the scheduler decided, what its clusters last reported
 * and which of them cannot be counted on: {@code Scheduled}, {@code Spread} and {@code Moving} from
 * the decision; each share's counts and health from its cluster's report (see {@link ShareStatus});
 * {@code Applied} (every cluster runs the current generation); {@code ObjectsHealthy} from the
 * objects the clusters report (see {@link ObjectHealth}); and, through {@link WorkloadReadiness},
 * the totals and {@code Ready}. The same inputs give the same status, whoever asks: the scheduler
 * with a new decision, or the agents' reports between decisions.
 */
public final class WorkloadStatusFunction {
  private WorkloadStatusFunction() {}

  /**
   * @param decision the decision, or null for a workload never placed
   * @param reports the last report of each cluster, by cluster name; reports of clusters the
   *     decision does not name are ignored
   * @param unreachable the clusters that cannot be counted on, with why
   * @param generation the workload's generation now
   * @param previous the conditions before, only so that a condition whose status does not change
   *     keeps its lastTransitionTime
   */
  public static WorkloadStatus compute(
      PlacementDecision decision,
      Map<String, ClusterReport> reports,
      Map<String, String> unreachable,
      long generation,
      Instant now,
      List<Condition> previous) {
    return compute(decision, reports, unreachable, generation, null, now, previous);
  }

  /**
   * @param targetRevision the revision being rolled out, which updated replicas run; null before
   *     the workload's first rollout, when updated replicas are those of the current generation
   */
  public static WorkloadStatus compute(
      PlacementDecision decision,
      Map<String, ClusterReport> reports,
      Map<String, String> unreachable,
      long generation,
      Integer targetRevision,
      Instant now,
      List<Condition> previous) {
    return compute(
        decision,
        reports,
        unreachable,
        generation,
        targetRevision,
        ReplicaCounting.PLACED,
        now,
        previous);
  }

  /**
   * @param counting what the counts count (see {@link ReplicaCounting}): with the members'
   *     autoscalers owning the replicas, each cluster's counts are out of the replicas it reports
   *     it runs, and the totals sum those (see {@link WorkloadStatus})
   */
  public static WorkloadStatus compute(
      PlacementDecision decision,
      Map<String, ClusterReport> reports,
      Map<String, String> unreachable,
      long generation,
      Integer targetRevision,
      ReplicaCounting counting,
      Instant now,
      List<Condition> previous) {
    List<Condition> conditions = previous;
    Long observedGeneration = null;
    List<ClusterReplicas> clusters = new ArrayList<>();
    int desired = 0;
    int applied = 0;
    int placedClusters = 0;
    List<String> errors = new ArrayList<>();
    Map<String, ClusterReport> running = new TreeMap<>();
    if (decision != null) {
      observedGeneration = decision.generation();
      desired = decision.desiredReplicas();
      conditions = scheduled(conditions, decision, now);
      for (String cluster : decision.clusters()) {
        int here = decision.running().getOrDefault(cluster, 0);
        int wanted = decision.target().getOrDefault(cluster, 0);
        ClusterReport report = reports.get(cluster);
        if (here > 0) {
          // A cluster a move is emptying still counts until its replicas are gone.
          placedClusters++;
          if (report != null && report.generation() == generation && report.applied()) {
            applied++;
          }
          if (report != null) {
            report.errors().forEach(e -> errors.add(cluster + ": " + e));
            if (!unreachable.containsKey(cluster)) {
              running.put(cluster, report);
            }
          }
        }
        clusters.add(
            ShareStatus.of(
                cluster,
                here,
                here == wanted ? null : wanted,
                report,
                unreachable.get(cluster),
                generation,
                targetRevision,
                counting));
      }
    }
    conditions = applied(conditions, errors, applied, placedClusters, generation, now);
    conditions = ObjectHealth.condition(conditions, running, generation, now);
    return WorkloadReadiness.summarize(
        observedGeneration,
        conditions,
        clusters,
        desired,
        counting == ReplicaCounting.BY_MEMBERS,
        generation,
        now);
  }

  /** {@code Scheduled}, {@code Spread} and {@code Moving}, as the decision says. */
  private static List<Condition> scheduled(
      List<Condition> conditions, PlacementDecision decision, Instant now) {
    long generation = decision.generation();
    PlacementDecision.Outcome outcome = decision.outcome();
    conditions =
        Conditions.set(
            conditions,
            "Scheduled",
            outcome == PlacementDecision.Outcome.PLACED ? "True" : "False",
            outcome.reason(),
            decision.message(),
            generation,
            now);
    conditions = spread(conditions, decision, now);
    return decision.moving().isEmpty()
        ? Conditions.set(
            conditions,
            "Moving",
            "False",
            "Settled",
            "replicas run where they are placed",
            generation,
            now)
        : Conditions.set(
            conditions, "Moving", "True", "MakeBeforeBreak", decision.moving(), generation, now);
  }

  /**
   * {@code Spread}, for a placement that asks for one: whether enough topology groups have
   * replicas. An unmet spread is not a partial placement: every replica may well be placed.
   */
  private static List<Condition> spread(
      List<Condition> conditions, PlacementDecision decision, Instant now) {
    if (!decision.spread()) {
      return conditions.stream().filter(c -> !c.type().equals("Spread")).toList();
    }
    if (decision.unmetSpread().isEmpty()) {
      return Conditions.set(
          conditions,
          "Spread",
          "True",
          "Satisfied",
          "replicas run in as many topology groups as the placement asks",
          decision.generation(),
          now);
    }
    return Conditions.set(
        conditions,
        "Spread",
        "False",
        "TooFewGroups",
        String.join("; ", decision.unmetSpread()),
        decision.generation(),
        now);
  }

  /** {@code Applied}: whether every cluster with replicas runs the workload's generation now. */
  private static List<Condition> applied(
      List<Condition> conditions,
      List<String> errors,
      int applied,
      int placedClusters,
      long generation,
      Instant now) {
    if (!errors.isEmpty()) {
      return Conditions.set(
          conditions,
          "Applied",
          "False",
          "ApplyFailed",
          String.join("; ", errors),
          generation,
          now);
    }
    if (applied == placedClusters && placedClusters > 0) {
      return Conditions.set(
          conditions,
          "Applied",
          "True",
          "Applied",
          "Generation " + generation + " runs in every cluster",
          generation,
          now);
    }
    return Conditions.set(
        conditions,
        "Applied",
        "False",
        "Applying",
        applied + " of " + placedClusters + " clusters run generation " + generation,
        generation,
        now);
  }
}
