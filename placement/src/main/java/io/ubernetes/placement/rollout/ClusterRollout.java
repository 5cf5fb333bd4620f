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
 */
public record ClusterRollout(
    Integer assigned,
    ClusterState state,
    Instant since,
    String reason,
    Integer restartsAtStart,
    int flaps) {
  public ClusterRollout {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /** A cluster told to run {@code revision}, in {@code state} from {@code now}. */
  public static ClusterRollout of(Integer revision, ClusterState state, Instant now) {
    return new ClusterRollout(revision, state, now, null, null, 0);
  }

  ClusterRollout to(ClusterState next, Instant now, String why) {
    return new ClusterRollout(assigned, next, now, why, restartsAtStart, flaps);
  }
}
