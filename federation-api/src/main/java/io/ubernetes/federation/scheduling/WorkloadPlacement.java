package io.ubernetes.federation.scheduling;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.placement.ClusterVerdict;
import io.ubernetes.placement.Decision;
import java.util.List;
import java.util.Map;

/**
 * A placement decision and why it was made: the stored decision of a workload, or a simulated one.
 *
 * @param workloadGeneration the workload generation the decision was made for
 * @param outcome {@code PLACED}, {@code PARTIAL} or {@code UNSCHEDULABLE}
 * @param summary one line, e.g. {@code 6/6 replicas on 3 clusters (...); 5/7 clusters fit: ...}
 * @param replicas replicas per cluster, as decided (failed or drained clusters may keep replicas
 *     that nothing else may take)
 * @param running while replicas move there, what each cluster runs now; absent otherwise
 * @param moving what a move in progress waits for; absent otherwise
 * @param problems what was not honoured
 * @param clusters per-cluster verdicts: for a stored decision, the clusters given replicas and the
 *     best runners-up; for a simulation, every cluster
 * @param filtered every filtered cluster, by reason
 * @param scaleBackPendingSince since when earlier burst tiers have had room for replicas that run
 *     in later ones
 * @param legend what the figures of the verdicts mean, with their units
 */
@Schema(name = "WorkloadPlacement")
public record WorkloadPlacement(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    Long workloadGeneration,
    String decidedAt,
    Decision.Outcome outcome,
    String summary,
    Map<String, Integer> replicas,
    Map<String, Integer> running,
    String moving,
    List<String> problems,
    List<ClusterVerdict> clusters,
    Map<String, List<String>> filtered,
    String scaleBackPendingSince,
    Map<String, String> legend) {
  public static final String KIND = "WorkloadPlacement";

  /** Sent with every explanation, never stored with it. */
  static final Map<String, String> LEGEND =
      Map.ofEntries(
          Map.entry(
              "capacity",
              "the most replicas of this workload the cluster could hold, node by node"),
          Map.entry(
              "pricePerHour",
              "what the replicas placed on the cluster cost per hour, in the currency of the"
                  + " clusters' spec.cost"),
          Map.entry(
              "utilizationPercent",
              "how full the cluster is with the replicas placed there, in % of its allocatable"
                  + " cpu, memory or pods, whichever is fullest"),
          Map.entry(
              "cost",
              "the cost function's terms for the replicas placed there, weighted; lower is"
                  + " better. nextReplica: the same for one more replica, why it got no more"),
          Map.entry(
              "cost.price",
              "0 to 100 per replica: its hourly price relative to the dearest candidate cluster"),
          Map.entry(
              "cost.utilization",
              "100 x the square of the cluster's utilization with the replica (0 to 1): rises"
                  + " faster as the cluster fills"),
          Map.entry(
              "cost.preference", "minus the weights of the placement's preferences it matches"),
          Map.entry(
              "cost.coupling", "the weights of Preferred couplings the cluster does not satisfy"),
          Map.entry(
              "cost.stickiness", "minus 10 per replica that already runs there, against churn"),
          Map.entry("cost.taints", "20 per PreferNoSchedule taint the workload does not tolerate"),
          Map.entry(
              "cost.burst",
              "1e9 per burst tier after the first: later tiers take only what earlier ones cannot"
                  + " hold below maxUtilization"));

  static WorkloadPlacement of(
      ObjectMeta metadata,
      Long generation,
      String decidedAt,
      Decision decision,
      PlacementRepository.Shares shares,
      List<String> problems,
      String moving) {
    return new WorkloadPlacement(
        ApiObject.API_VERSION,
        KIND,
        metadata,
        generation,
        decidedAt,
        decision.outcome(),
        decision.summary(),
        shares.target(),
        shares.moving() ? shares.running() : null,
        moving.isEmpty() ? null : moving,
        problems,
        decision.verdicts(),
        decision.filtered(),
        decision.scaleBackPendingSince() == null
            ? null
            : decision.scaleBackPendingSince().toString(),
        null);
  }

  /** The same explanation with the {@link #LEGEND}, as it is answered. */
  WorkloadPlacement withLegend() {
    return new WorkloadPlacement(
        apiVersion,
        kind,
        metadata,
        workloadGeneration,
        decidedAt,
        outcome,
        summary,
        replicas,
        running,
        moving,
        problems,
        clusters,
        filtered,
        scaleBackPendingSince,
        LEGEND);
  }
}
