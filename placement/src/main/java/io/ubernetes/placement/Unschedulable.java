package io.ubernetes.placement;

import java.time.Instant;
import java.util.Objects;

/**
 * Replicas of a workload that a cluster reports it cannot schedule: their pods wait for a node.
 * They hold no node there, and once they have waited longer than the caller's grace period ({@code
 * overdue}) placement moves them to other clusters where the rules allow, and the cluster takes no
 * new replicas of the workload. With no replicas ({@code 0}, overdue), the cluster could not
 * schedule the workload's replicas a while ago and is held back from it for now, so that they do
 * not come straight back.
 *
 * @param replicas how many of the workload's replicas there have no node
 * @param reason the member cluster's own words, e.g. {@code 0/4 nodes are available: 4 Insufficient
 *     cpu.}; may be null
 * @param since since when the first of them has waited
 * @param overdue whether they have waited longer than the grace period
 */
public record Unschedulable(int replicas, String reason, Instant since, boolean overdue) {
  public Unschedulable {
    Objects.requireNonNull(since, "since");
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative");
    }
  }
}
