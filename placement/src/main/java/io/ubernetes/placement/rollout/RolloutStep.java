package io.ubernetes.placement.rollout;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One pass's output: the state to store and what a person should read about the pass in the status,
 * the audit log and the service's log.
 *
 * @param state the state after the pass
 * @param events what happened, e.g. {@code stage canary: aws-eu-west failed: CrashLoopBackOff (3
 *     pods): back-off restarting failed container}
 * @param previous the state before the pass (null for a workload's first), so that the service
 *     writes only on change
 */
public record RolloutStep(RolloutState state, List<String> events, RolloutState previous) {
  public RolloutStep {
    Objects.requireNonNull(state, "state");
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** A step with no previous state: it always counts as a change. */
  public RolloutStep(RolloutState state, List<String> events) {
    this(state, events, null);
  }

  /** The revision each cluster runs (null = nothing yet), by cluster name. */
  public Map<String, Integer> assignments() {
    Map<String, Integer> assignments = new TreeMap<>();
    state.clusters().forEach((cluster, rollout) -> assignments.put(cluster, rollout.assigned()));
    return Collections.unmodifiableMap(assignments);
  }

  /** True when state differs from the previous one (so the service writes only on change). */
  public boolean changed() {
    return !state.equals(previous);
  }
}
