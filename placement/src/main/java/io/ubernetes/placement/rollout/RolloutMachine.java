package io.ubernetes.placement.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rolls a workload's revisions out over its clusters stage by stage: the pure step function the
 * service calls on every pass (a report, a spec change, a wake-up). It decides which revision each
 * cluster runs from the last state, the clusters' reports, the operator's commands and the time,
 * and nothing else, so that every decision can be replayed in a test.
 */
public final class RolloutMachine {
  private RolloutMachine() {}

  /** One pass: the next state and what happened. */
  public static RolloutStep step(RolloutInput input) {
    int target = input.newestRevision();
    Map<String, ClusterRollout> clusters = new TreeMap<>();
    input
        .clusters()
        .keySet()
        .forEach(
            cluster ->
                clusters.put(
                    cluster, ClusterRollout.of(target, ClusterState.UPDATING, input.now())));
    List<String> events = new ArrayList<>();
    RolloutState state =
        new RolloutState(
            target,
            input.previous() == null ? null : input.previous().stable(),
            Phase.PROGRESSING,
            0,
            Gate.NONE,
            null,
            input.now(),
            null,
            null,
            target,
            clusters);
    return new RolloutStep(state, events, input.previous());
  }

  /**
   * When the next pass must run even if nothing is reported (a bake ends, a deadline passes); empty
   * if none.
   */
  public static Optional<Instant> nextWake(RolloutPlan plan, RolloutState state) {
    return Optional.empty();
  }
}
