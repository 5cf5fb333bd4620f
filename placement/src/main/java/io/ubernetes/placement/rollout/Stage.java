package io.ubernetes.placement.rollout;

import io.ubernetes.placement.LabelSelector;
import io.ubernetes.placement.Rollout;
import java.time.Duration;
import java.util.Objects;

/**
 * One stage of a strategy: which clusters it takes, how many update at once, and the gates it holds
 * the rollout at. A stage exists so that a bad revision reaches few clusters (a canary ring) before
 * it reaches many; its gates give health time to show.
 *
 * <p>Absent values (null) take the strategy's documented defaults, so that the service can map a
 * spec field by field.
 *
 * @param name a DNS label, unique within the strategy; approvals name it
 * @param selector the clusters it takes (the first stage whose selector matches a cluster gets it)
 * @param orderBy a label key ordering clusters inside the stage (then by name), or null
 * @param maxConcurrency clusters updating or baking at once: a number, or a percentage of the
 *     stage's clusters (rounded up, at least 1); default 100%
 * @param maxFailures failed clusters the stage tolerates before the rollout halts; default 0
 * @param minReadyTime how long a cluster must stay healthy to count as healthy (the bake); default
 *     0
 * @param approval whether the stage waits for an operator's approval before it starts
 * @param progressDeadline how long a cluster may take to become healthy; default 10 minutes
 * @param countLeavingAsFailure whether a cluster that leaves mid-stage counts as a failure
 */
public record Stage(
    String name,
    LabelSelector selector,
    String orderBy,
    Rollout.Bound maxConcurrency,
    int maxFailures,
    Duration minReadyTime,
    boolean approval,
    Duration progressDeadline,
    boolean countLeavingAsFailure) {
  public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);
  public static final Rollout.Bound ALL = Rollout.Bound.percent(100);

  public Stage {
    Objects.requireNonNull(name, "name");
    selector = selector == null ? LabelSelector.ALL : selector;
    maxConcurrency = maxConcurrency == null ? ALL : maxConcurrency;
    minReadyTime = minReadyTime == null ? Duration.ZERO : minReadyTime;
    progressDeadline = progressDeadline == null ? DEFAULT_PROGRESS_DEADLINE : progressDeadline;
    if (maxFailures < 0) {
      throw new IllegalArgumentException("maxFailures must not be negative");
    }
    if (minReadyTime.isNegative() || progressDeadline.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  /** A stage of the given name that takes every cluster left, with every default. */
  public static Stage of(String name, LabelSelector selector) {
    return new Stage(name, selector, null, null, 0, null, false, null, false);
  }

  /**
   * How many clusters of a stage of {@code clusters} update at once: a percentage rounds up, and at
   * least one does, or the stage could never finish.
   */
  public int concurrency(int clusters) {
    int value = maxConcurrency.value();
    int resolved = maxConcurrency.percent() ? (int) (((long) clusters * value + 99) / 100) : value;
    return Math.max(1, resolved);
  }
}
