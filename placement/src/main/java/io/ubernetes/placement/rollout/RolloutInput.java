package io.ubernetes.placement.rollout;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One pass's input: everything the machine decides from, including the time, so that a pass is a
 * function of its input and can be replayed in a test.
 *
 * @param plan the strategy the rollout runs with
 * @param previous the state the last pass left; null for a workload that never had a rollout
 * @param newestRevision the workload's newest revision (newer than the last started: a new rollout)
 * @param clusters the clusters the scheduler currently commits the workload to, by name, including
 *     those leaving (failed or drained) while replicas move
 * @param commands the operator's actions
 * @param now the time of the pass
 */
public record RolloutInput(
    RolloutPlan plan,
    RolloutState previous,
    int newestRevision,
    Map<String, ClusterObservation> clusters,
    Commands commands,
    Instant now) {
  public RolloutInput {
    plan = plan == null ? RolloutPlan.ALL_AT_ONCE : plan;
    commands = commands == null ? Commands.NONE : commands;
    Objects.requireNonNull(now, "now");
    if (newestRevision < 1) {
      throw new IllegalArgumentException("revisions start at 1");
    }
    clusters =
        clusters == null
            ? Collections.emptySortedMap()
            : Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
  }
}
