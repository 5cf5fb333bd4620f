package io.ubernetes.federation.rollout;

import io.ubernetes.federation.scheduling.PlacementInputs;
import io.ubernetes.federation.workload.IntOrPercent;
import io.ubernetes.federation.workload.RolloutStage;
import io.ubernetes.federation.workload.RolloutStrategySpec;
import io.ubernetes.federation.workload.WorkloadSpec;
import io.ubernetes.placement.Rollout;
import io.ubernetes.placement.rollout.OnFailure;
import io.ubernetes.placement.rollout.RolloutPlan;
import io.ubernetes.placement.rollout.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A workload's rollout strategy resolved for the rollout machine: the inline stages, or those of
 * the {@code RolloutStrategy} the workload names, taken once when a rollout starts (a snapshot, so
 * that editing the strategy does not change a running rollout); no strategy rolls every cluster at
 * once, as before there were strategies.
 */
final class RolloutPlans {
  private RolloutPlans() {}

  /** What a snapshot is when the workload has no strategy: every cluster at once. */
  static final RolloutStrategySpec ALL_AT_ONCE = null;

  /**
   * The strategy a rollout starting now takes.
   *
   * @param named looks a {@code RolloutStrategy} up by name
   * @return empty when the workload names a strategy that does not exist: the rollout waits for it
   */
  static Optional<Snapshot> snapshot(
      WorkloadSpec spec, Function<String, Optional<RolloutStrategySpec>> named) {
    RolloutStrategySpec strategy = spec.rolloutStrategy();
    if (strategy == null) {
      return Optional.of(new Snapshot(ALL_AT_ONCE));
    }
    if (strategy.strategyRef() != null) {
      return named
          .apply(strategy.strategyRef())
          .map(
              found ->
                  new Snapshot(
                      new RolloutStrategySpec(
                          strategy.strategyRef(), found.stages(), found.onFailure())));
    }
    return Optional.of(new Snapshot(strategy));
  }

  /** A strategy as taken at a rollout's start; {@code strategy} null rolls everything at once. */
  record Snapshot(RolloutStrategySpec strategy) {}

  /** The machine's plan for a snapshot. */
  static RolloutPlan plan(RolloutStrategySpec strategy) {
    if (strategy == null) {
      return RolloutPlan.ALL_AT_ONCE;
    }
    List<Stage> stages = new ArrayList<>();
    for (RolloutStage stage : strategy.stages()) {
      stages.add(
          new Stage(
              stage.name(),
              PlacementInputs.selector(stage.clusterSelector()),
              stage.orderBy(),
              bound(stage.concurrency()),
              stage.failures(),
              stage.minReady(),
              stage.needsApproval(),
              stage.deadline(),
              stage.leavingIsFailure()));
    }
    return new RolloutPlan(
        stages,
        RolloutStrategySpec.PAUSE.equals(strategy.failurePolicy())
            ? OnFailure.PAUSE
            : OnFailure.ROLLBACK);
  }

  private static Rollout.Bound bound(IntOrPercent value) {
    return value.isPercent()
        ? Rollout.Bound.percent(value.amount())
        : Rollout.Bound.replicas(value.amount());
  }
}
