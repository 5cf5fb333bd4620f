package io.ubernetes.federation.rollout;

import io.ubernetes.federation.events.WorkloadEvent;
import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.placement.rollout.Phase;
import io.ubernetes.placement.rollout.RolloutPlan;
import io.ubernetes.placement.rollout.RolloutState;
import io.ubernetes.placement.rollout.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events a rollout's step tells its workload's history by, from the state before and after it:
 * a revision started ({@code RolloutStarted}), a stage done ({@code StageComplete}), paused and
 * resumed by the operator, rolled back or aborted ({@code RolledBack}, a warning with the reason),
 * halted for a person to look ({@code RolloutHalted}), and complete ({@code RolloutComplete}).
 */
final class RolloutEvents {
  private RolloutEvents() {}

  /**
   * @param previous the state before the step; null for a workload's first
   */
  static List<WorkloadEvent> of(
      UUID uid,
      FederatedWorkload workload,
      RolloutPlan plan,
      RolloutState previous,
      RolloutState state) {
    List<Found> found = new ArrayList<>();
    boolean started = previous == null || state.target() != previous.target();
    if (started && state.phase() != Phase.COMPLETE) {
      found.add(
          normal(
              "RolloutStarted",
              "Rolling out revision "
                  + state.target()
                  + (state.stable() == null
                      ? " to every cluster at once (no stable revision yet)"
                      : " stage by stage (stable revision " + state.stable() + ")")));
    }
    if (!started
        && state.stage() > previous.stage()
        && state.phase() != Phase.ROLLING_BACK
        && previous.phase() != Phase.ROLLING_BACK) {
      for (int stage = previous.stage(); stage < state.stage(); stage++) {
        found.add(
            normal(
                "StageComplete",
                "Stage "
                    + Stages.name(plan, stage)
                    + " of revision "
                    + state.target()
                    + " complete"));
      }
    }
    Phase before = previous == null ? null : previous.phase();
    if (state.phase() != before) {
      switch (state.phase()) {
        case PAUSED ->
            found.add(
                normal("RolloutPaused", "Paused by the operator at revision " + state.target()));
        case ROLLING_BACK ->
            found.add(
                warning(
                    "RolledBack",
                    "Rolling back revision "
                        + state.target()
                        + " to revision "
                        + state.stable()
                        + ": "
                        + state.haltedReason()));
        case ABORTED ->
            found.add(
                warning(
                    "RolledBack",
                    "Aborted by the operator: revision "
                        + state.target()
                        + " went back to revision "
                        + state.stable()
                        + " at once"));
        case HALTED -> found.add(warning("RolloutHalted", "Halted: " + state.haltedReason()));
        case COMPLETE ->
            found.add(
                normal(
                    "RolloutComplete",
                    "Revision " + state.target() + " complete: it is the stable revision"));
        default -> {
          if (before == Phase.PAUSED) {
            found.add(
                normal("RolloutResumed", "Resumed by the operator at revision " + state.target()));
          }
        }
      }
    } else if (state.phase() == Phase.COMPLETE && started) {
      found.add(
          normal(
              "RolloutComplete",
              "Revision " + state.target() + " complete: it is the stable revision"));
    }
    String namespace = workload.metadata().namespace();
    boolean clusterScoped = namespace == null || namespace.isEmpty();
    List<WorkloadEvent> events = new ArrayList<>();
    for (Found event : found) {
      events.add(
          new WorkloadEvent(
              clusterScoped ? ClusterFederatedWorkload.KIND : FederatedWorkload.KIND,
              namespace,
              workload.metadata().name(),
              uid,
              event.warning(),
              event.reason(),
              event.message(),
              WorkloadEvent.ROLLOUT));
    }
    return events;
  }

  private record Found(boolean warning, String reason, String message) {}

  private static Found normal(String reason, String message) {
    return new Found(false, reason, message);
  }

  private static Found warning(String reason, String message) {
    return new Found(true, reason, message);
  }
}
