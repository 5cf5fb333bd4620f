package io.ubernetes.placement;

/** Whether a cluster can run replicas, as the federation currently believes. */
public enum Readiness {
  /** Healthy: takes new replicas. */
  READY,
  /**
   * Not ready for less than the failover grace period: keeps the replicas it has, takes no new
   * ones, so that a short blip does not move the fleet.
   */
  NOT_READY,
  /** Not ready for longer than the grace period: its replicas are placed elsewhere. */
  FAILED
}
