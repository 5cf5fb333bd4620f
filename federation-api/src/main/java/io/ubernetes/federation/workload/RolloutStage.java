package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.policy.Placement.ClusterSelector;
import java.time.Duration;

/**
 * One stage of a rollout: the clusters it covers, how many of them update at once and the gates
 * between it and the next stage. A scheduled cluster belongs to the first stage whose selector
 * matches it; clusters no stage matches form an implicit last stage named {@value #REST}.
 *
 * @param name a DNS label, unique within the strategy; names the stage in approvals
 * @param clusterSelector the clusters of this stage, by their labels
 * @param orderBy a cluster label key that orders the stage's clusters (then by name)
 * @param maxConcurrency how many of the stage's clusters update at once, or a percentage of them
 *     (rounded up, at least 1)
 * @param maxFailures how many of the stage's clusters may fail before the rollout halts
 * @param minReadyTime how long a cluster must stay healthy before it counts as done (bake time)
 * @param approval whether the stage waits for an operator's approval before it starts
 * @param progressDeadline how long a cluster has to become healthy before it fails
 * @param countLeavingAsFailure whether a cluster that fails or leaves the fleet mid-stage counts as
 *     a failure of the stage
 */
public record RolloutStage(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "canary") String name,
    ClusterSelector clusterSelector,
    @Schema(example = "topology.kubernetes.io/zone") String orderBy,
    @Schema(defaultValue = "100%") IntOrPercent maxConcurrency,
    @Schema(defaultValue = "0", minimum = "0") Integer maxFailures,
    @Schema(defaultValue = "0s", example = "30s") String minReadyTime,
    @Schema(defaultValue = "false") Boolean approval,
    @Schema(defaultValue = "10m") String progressDeadline,
    @Schema(defaultValue = "false") Boolean countLeavingAsFailure) {

  /** The name of the implicit last stage, which takes the clusters no stage selects. */
  public static final String REST = "rest";

  public static final IntOrPercent DEFAULT_MAX_CONCURRENCY = IntOrPercent.percent(100);
  public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);

  /** {@code maxConcurrency}, or its default (every cluster of the stage at once). */
  public IntOrPercent concurrency() {
    return maxConcurrency == null ? DEFAULT_MAX_CONCURRENCY : maxConcurrency;
  }

  /** {@code maxFailures}, or its default (none). */
  public int failures() {
    return maxFailures == null ? 0 : maxFailures;
  }

  /** {@code minReadyTime}, or its default (none); only for a stage that was validated. */
  public Duration minReady() {
    return minReadyTime == null ? Duration.ZERO : Durations.parse(minReadyTime);
  }

  /** {@code progressDeadline}, or its default; only for a stage that was validated. */
  public Duration deadline() {
    return progressDeadline == null ? DEFAULT_PROGRESS_DEADLINE : Durations.parse(progressDeadline);
  }

  /** Whether the stage waits for an approval. */
  public boolean needsApproval() {
    return Boolean.TRUE.equals(approval);
  }

  /** Whether a cluster leaving the fleet mid-stage counts as a failure. */
  public boolean leavingIsFailure() {
    return Boolean.TRUE.equals(countLeavingAsFailure);
  }
}
