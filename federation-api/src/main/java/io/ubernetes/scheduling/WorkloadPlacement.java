package io.ubernetes.scheduling;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.api.resource.ApiObject;
import io.ubernetes.api.resource.ObjectMeta;
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
    String scaleBackPendingSince) {
  public static final String KIND = "WorkloadPlacement";

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
            : decision.scaleBackPendingSince().toString());
  }
}
