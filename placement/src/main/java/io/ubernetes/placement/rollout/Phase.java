package io.ubernetes.placement.rollout;

/**
 * Where a rollout stands as a whole, the first thing a person reads in a workload's status: it says
 * whether revisions still move, and if not, whether a person must act.
 */
public enum Phase {
  /** Clusters of the current stage are being updated. */
  PROGRESSING,
  /** Waiting on a {@link Gate}: clusters baking, or an operator's approval of the next stage. */
  WAITING,
  /** The operator paused it: nothing new starts, health is still judged. */
  PAUSED,
  /** Stopped by failures (or after a rollback): only an approval or a new revision moves it on. */
  HALTED,
  /** Failures halted it and the updated clusters go back to the stable revision. */
  ROLLING_BACK,
  /** Every cluster runs the target, which is now the stable revision. */
  COMPLETE,
  /** The operator aborted it: every updated cluster went back to the stable revision at once. */
  ABORTED
}
