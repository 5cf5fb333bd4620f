package io.ubernetes.placement.rollout;

import java.time.Instant;
import java.util.Optional;

/**
 * Rolls a workload's revisions out over its clusters stage by stage: the pure step function the
 * service calls on every pass (a report, a spec change, a wake-up). It decides which revision each
 * cluster runs from the last state, the clusters' reports, the operator's commands and the time,
 * and nothing else, so that every decision can be replayed in a test.
 *
 * <p>The model, in short:
 *
 * <ul>
 *   <li>Without a stable revision there is nothing to protect: every cluster gets the target at
 *       once, and the first time all are healthy it becomes the stable revision.
 *   <li>Otherwise clusters of stages not reached run the stable revision; a stage updates at most
 *       {@code maxConcurrency} clusters at once, each healthy for {@code minReadyTime} before it
 *       counts; the next stage opens when the stage is done, after an operator's approval if it
 *       asks for one ({@code "<stage>@<revision>"}).
 *   <li>More failures than a stage tolerates halt the rollout; with {@link OnFailure#ROLLBACK} the
 *       updated clusters go back to the stable revision through the same stages and gates
 *       (approving a rollback stage names the stable revision), then it stays halted until a new
 *       revision. With {@link OnFailure#PAUSE} it stays halted until the operator approves the
 *       halted stage again (an approval set after the halt).
 *   <li>A newer revision supersedes whatever runs; clusters keep what they run until the new
 *       rollout reaches them.
 * </ul>
 */
public final class RolloutMachine {
  private RolloutMachine() {}

  /** One pass: the next state and what happened. */
  public static RolloutStep step(RolloutInput input) {
    return new Pass(input).run();
  }

  /**
   * When the next pass must run even if nothing is reported (a bake ends, a deadline passes); empty
   * if none.
   */
  public static Optional<Instant> nextWake(RolloutPlan plan, RolloutState state) {
    Instant wake = null;
    for (ClusterRollout cluster : state.clusters().values()) {
      if (!cluster.inProgress()) {
        continue;
      }
      Stage stage = stage(plan, cluster.stage());
      Instant at =
          cluster.is(ClusterState.BAKING) && !Health.UNREACHABLE.equals(cluster.reason())
              ? cluster.since().plus(stage.minReadyTime())
              : cluster.since().plus(stage.progressDeadline());
      if (wake == null || at.isBefore(wake)) {
        wake = at;
      }
    }
    return Optional.ofNullable(wake);
  }

  private static Stage stage(RolloutPlan plan, String name) {
    for (Stage stage : plan.stages()) {
      if (stage.name().equals(name)) {
        return stage;
      }
    }
    return Stages.rest();
  }
}
