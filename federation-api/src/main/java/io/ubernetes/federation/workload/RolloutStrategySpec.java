package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * How a new workload revision reaches the clusters: stage by stage, with gates between the stages.
 * In a workload, either {@code strategyRef} names a cluster-scoped {@code RolloutStrategy} or
 * {@code stages} (and {@code onFailure}) are given inline; a {@code RolloutStrategy}'s spec has the
 * same shape without {@code strategyRef}.
 *
 * @param strategyRef the name of a {@code RolloutStrategy} to use instead of the fields below (in a
 *     workload only)
 * @param stages in order; clusters no stage selects form an implicit last stage named {@code rest}
 * @param onFailure {@code Rollback} returns the updated clusters to the stable revision when a
 *     stage fails; {@code Pause} leaves them as they are until an operator acts
 */
public record RolloutStrategySpec(
    @Schema(example = "canary-then-eu") String strategyRef,
    List<RolloutStage> stages,
    @Schema(
            defaultValue = ROLLBACK,
            allowableValues = {ROLLBACK, PAUSE})
        String onFailure) {

  /** The kind of the cluster-scoped object that {@code strategyRef} names. */
  public static final String KIND = "RolloutStrategy";

  public static final String ROLLBACK = "Rollback";
  public static final String PAUSE = "Pause";

  public RolloutStrategySpec {
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /** {@code onFailure}, or its default. */
  public String failurePolicy() {
    return onFailure == null ? ROLLBACK : onFailure;
  }
}
