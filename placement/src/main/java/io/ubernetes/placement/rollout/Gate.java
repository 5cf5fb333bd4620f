package io.ubernetes.placement.rollout;

/**
 * What a waiting rollout waits on, so that the status can say why nothing moves and since when
 * (with {@link RolloutState#gateSince()}).
 */
public enum Gate {
  NONE,
  /** Clusters of the current stage must stay healthy for the stage's {@code minReadyTime}. */
  BAKE,
  /**
   * An operator must approve: the next stage ({@code "<stage>@<revision>"}), or a halted stage's
   * resumption.
   */
  APPROVAL
}
