package io.ubernetes.placement.rollout;

/**
 * What a rollout does once a stage has more failed clusters than it tolerates. Rolling back is the
 * default because a revision that broke one stage is likely to break the next, and every minute it
 * keeps running is a minute of outage in the clusters already updated.
 */
public enum OnFailure {
  /**
   * The updated clusters go back to the stable revision, stage by stage, through the same gates.
   */
  ROLLBACK,
  /** The rollout only halts where it is, so that a person can look before anything else moves. */
  PAUSE
}
