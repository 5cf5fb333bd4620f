package io.ubernetes.placement.rollout;

/**
 * Where one cluster's update stands, as a person wants to see it per cluster in the status: the
 * rollout's progress is the sum of these.
 */
public enum ClusterState {
  /** Its stage has not come: it runs what it had (the stable revision, usually). */
  WAITING,
  /** Told to run its assigned revision; not yet healthy on it. */
  UPDATING,
  /** Healthy on its assigned revision; must stay so for the stage's {@code minReadyTime}. */
  BAKING,
  /** Stayed healthy on its assigned revision for the whole bake. */
  HEALTHY,
  /** Failed on its assigned revision; {@link ClusterRollout#reason()} says how. */
  FAILED,
  /** Leaving the workload (failed, drained or no longer chosen): it never blocks a stage. */
  GONE
}
