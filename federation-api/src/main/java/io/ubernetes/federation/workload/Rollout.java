package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How replicas move between clusters when the federation moves them of its own accord (a cluster
 * drained, a rebalance, replicas coming back from a burst tier): make-before-break, as a Deployment
 * rolls out its pods. New replicas start first and old ones are removed as the new ones become
 * ready. Percentages are of the workload's placed replicas; absent fields default to 25%.
 *
 * @param maxUnavailable how many placed replicas may be unready while replicas move (rounded down)
 * @param maxSurge how many replicas may run beyond the placed ones while replicas move (rounded up)
 */
public record Rollout(
    @Schema(defaultValue = "25%") IntOrPercent maxUnavailable,
    @Schema(defaultValue = "25%") IntOrPercent maxSurge) {

  public static final IntOrPercent DEFAULT = IntOrPercent.percent(25);

  /** {@code maxUnavailable}, or its default. */
  public IntOrPercent unavailable() {
    return maxUnavailable == null ? DEFAULT : maxUnavailable;
  }

  /** {@code maxSurge}, or its default. */
  public IntOrPercent surge() {
    return maxSurge == null ? DEFAULT : maxSurge;
  }
}
