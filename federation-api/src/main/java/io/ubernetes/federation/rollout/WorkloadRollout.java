package io.ubernetes.federation.rollout;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.workload.RolloutStage;
import io.ubernetes.federation.workload.RolloutStatus;
import io.ubernetes.federation.workload.RolloutStrategySpec;
import java.util.List;

/**
 * The whole of a workload's rollout, the subresource {@code federatedworkloads/{name}/rollout}:
 * what {@code status.rollout} says, with the strategy the rollout started with and each stage's
 * clusters in the order they update.
 *
 * @param strategy the strategy the rollout runs with, taken when it started; absent when the
 *     workload has none (every cluster at once)
 * @param stages each stage with its clusters; clusters no stage selects are in the last, {@code
 *     rest}
 * @param clusters every cluster's revision and update, by name
 */
@Schema(name = "WorkloadRollout")
public record WorkloadRollout(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    Integer currentRevision,
    Integer targetRevision,
    String phase,
    String stage,
    String gate,
    String gateSince,
    String haltedReason,
    Integer rolledBackFrom,
    RolloutStrategySpec strategy,
    List<StageView> stages,
    List<RolloutStatus.ClusterRollout> clusters) {
  public static final String KIND = "WorkloadRollout";

  /**
   * One stage and its clusters.
   *
   * @param gates the stage as the strategy gives it (absent for {@code rest} and for a workload
   *     without strategy): concurrency, failures tolerated, bake time, approval, deadline
   */
  public record StageView(
      String name, RolloutStage gates, List<RolloutStatus.ClusterRollout> clusters) {}
}
