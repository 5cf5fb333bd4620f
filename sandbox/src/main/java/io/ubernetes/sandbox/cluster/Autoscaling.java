package io.ubernetes.sandbox.cluster;

import java.util.OptionalInt;

/**
 * What a simulated HorizontalPodAutoscaler decides, from the utilization a user gives it in the
 * annotation {@value #UTILIZATION}: the pods' average utilization (percent of their requests) when
 * the target runs {@code minReplicas}. The load is taken as fixed, so more pods share it: with
 * {@code n} replicas each reports {@code utilization × minReplicas / n}. The HPA controller's rule
 * then gives {@code ceil(n × reported / target)}, which is {@code ceil(minReplicas × utilization /
 * target)} whatever {@code n} is: the count settles at once, in {@code [minReplicas, maxReplicas]},
 * and stays until the annotation changes. As the controller does, a reported utilization within 10%
 * of the target keeps the count; no scale-down stabilization window, no scale-up rate limit.
 *
 * @param current the target's {@code spec.replicas}
 * @param desired what the target's {@code spec.replicas} should be
 * @param reportedUtilization what the pods report now ({@code status.currentMetrics}), if known
 * @param limited whether {@code maxReplicas} ({@code > 0}) or {@code minReplicas} ({@code < 0})
 *     held the count back, else 0
 */
record Autoscaling(int current, int desired, OptionalInt reportedUtilization, int limited) {
  static final String UTILIZATION = "sandbox.ubernetes.io/utilization";

  /** The HPA controller's tolerance: no rescale while the ratio is within 10% of 1. */
  static final double TOLERANCE = 0.1;

  /** The HPA's default target when it lists no metrics: 80% CPU. */
  static final int DEFAULT_TARGET = 80;

  /**
   * @param current the target's {@code spec.replicas}; 0 turns autoscaling off, as in Kubernetes
   * @param utilization the annotation's value, if any: without it only the bounds apply
   */
  static Autoscaling decide(
      int current, int minReplicas, int maxReplicas, int target, OptionalInt utilization) {
    if (current == 0) {
      return new Autoscaling(0, 0, OptionalInt.empty(), 0);
    }
    OptionalInt reported = OptionalInt.empty();
    int wanted = current;
    if (utilization.isPresent()) {
      double load = (double) utilization.getAsInt() * minReplicas;
      int now = (int) Math.round(load / current);
      reported = OptionalInt.of(now);
      double ratio = load / current / target;
      if (Math.abs(ratio - 1) > TOLERANCE) {
        wanted = (int) Math.ceil(load / target - 1e-9);
      }
    }
    int limited = wanted > maxReplicas ? 1 : wanted < minReplicas ? -1 : 0;
    int desired = Math.max(minReplicas, Math.min(maxReplicas, wanted));
    return new Autoscaling(current, desired, reported, limited);
  }

  /**
   * The annotation's value: a whole number of percent, {@code 0} or more; empty when absent or not
   * such a number.
   */
  static OptionalInt utilization(String annotation) {
    if (annotation == null) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(annotation.trim());
      return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
