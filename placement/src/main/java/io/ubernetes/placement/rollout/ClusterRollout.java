package io.ubernetes.placement.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one cluster's update stands: the revision it is told to run and how far it got on it, kept
 * between passes so that a bake or a deadline can be measured and a failure explained.
 *
 * @param assigned the revision the cluster runs; null only when the workload has no stable revision
 *     yet and the cluster's stage has not come (nothing to run there yet)
 * @param state how far the cluster got on {@code assigned}
 * @param since when it entered {@code state} (a bake and a progress deadline count from it)
 * @param reason why it failed (the member's reason and message), or why it waits; may be null
 * @param restartsAtStart the containers' restarts when the bake started (growing = flapping)
 * @param flaps how often it lost availability during a bake
 * @param stage the name of the stage the cluster was in at the last pass, so that the status can
 *     group clusters by stage and {@link RolloutMachine#nextWake} knows its bake and deadline
 */
public record ClusterRollout(
    Integer assigned,
    ClusterState state,
    Instant since,
    String reason,
    Integer restartsAtStart,
    int flaps,
    String stage) {
  public ClusterRollout {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /** A cluster whose stage the next pass fills in. */
  public ClusterRollout(
      Integer assigned,
      ClusterState state,
      Instant since,
      String reason,
      Integer restartsAtStart,
      int flaps) {
    this(assigned, state, since, reason, restartsAtStart, flaps, null);
  }

  /** A cluster told to run {@code revision}, in {@code state} from {@code now}. */
  public static ClusterRollout of(Integer revision, ClusterState state, Instant now) {
    return new ClusterRollout(revision, state, now, null, null, 0, null);
  }

  /** The same cluster in another state from {@code now}, with {@code why} (null for no reason). */
  ClusterRollout to(ClusterState next, Instant now, String why) {
    return new ClusterRollout(assigned, next, now, why, restartsAtStart, flaps, stage);
  }

  /** The same cluster told to run {@code revision}, from scratch: updating, no flaps. */
  ClusterRollout assign(Integer revision, ClusterState next, Instant now) {
    return new ClusterRollout(revision, next, now, null, null, 0, stage);
  }

  ClusterRollout withReason(String why) {
    return new ClusterRollout(assigned, state, since, why, restartsAtStart, flaps, stage);
  }

  ClusterRollout inStage(String name) {
    return new ClusterRollout(assigned, state, since, reason, restartsAtStart, flaps, name);
  }

  ClusterRollout baking(Instant now, Integer restarts) {
    return new ClusterRollout(assigned, ClusterState.BAKING, now, null, restarts, flaps, stage);
  }

  ClusterRollout flapped(Instant now) {
    return new ClusterRollout(assigned, ClusterState.UPDATING, now, null, null, flaps + 1, stage);
  }

  boolean is(ClusterState expected) {
    return state == expected;
  }

  /** Updating or baking: an update in progress, which takes a slot of the stage's concurrency. */
  boolean inProgress() {
    return state == ClusterState.UPDATING || state == ClusterState.BAKING;
  }
}
