package io.ubernetes.placement.rollout;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The whole state of a workload's rollout, stored by the service as JSON between passes: the
 * machine keeps no memory of its own, so that any replica of the service can run the next pass.
 *
 * @param target the revision being rolled out (after a rollback or an abort: the one that failed)
 * @param stable the newest revision that was healthy everywhere it was rolled to; null until the
 *     first one is
 * @param phase where the rollout stands
 * @param stage the index of the current stage (see {@link Stages#partition}); when halted, the
 *     halted stage; when rolling back, the stage being rolled back
 * @param gate what a waiting (or halted) rollout waits on
 * @param gateSince since when it waits on {@code gate}; null without one
 * @param stageStartedAt when the current stage started; null while it waits for approval
 * @param haltedReason why it halted, aborted or rolled back; null otherwise
 * @param rolledBackFrom the revision a rollback took clusters away from; null without a rollback
 * @param highestStarted the newest revision a rollout was started for (a newer one supersedes)
 * @param clusters each cluster's update, by cluster name
 */
public record RolloutState(
    int target,
    Integer stable,
    Phase phase,
    int stage,
    Gate gate,
    Instant gateSince,
    Instant stageStartedAt,
    String haltedReason,
    Integer rolledBackFrom,
    int highestStarted,
    Map<String, ClusterRollout> clusters) {
  public RolloutState {
    Objects.requireNonNull(phase, "phase");
    gate = gate == null ? Gate.NONE : gate;
    clusters =
        clusters == null
            ? Collections.emptySortedMap()
            : Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
  }

  /**
   * A workload that already runs {@code revision} everywhere, as the service records one that
   * predates rollouts: complete, with nothing to roll.
   */
  public static RolloutState completeAt(int revision, Instant now) {
    return new RolloutState(
        revision,
        revision,
        Phase.COMPLETE,
        0,
        Gate.NONE,
        null,
        now,
        null,
        null,
        revision,
        Map.of());
  }
}
