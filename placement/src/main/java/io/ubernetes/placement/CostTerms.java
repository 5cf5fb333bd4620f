package io.ubernetes.placement;

/**
 * The terms of the cost function, already multiplied by their weights. Lower is better.
 *
 * @param price the replica's hourly price, 0 to 100 relative to the dearest candidate cluster
 * @param utilization 100 times the square of the cluster's utilization with the replica: rises
 *     faster as the cluster fills
 * @param preference minus the weights of the preferences the cluster matches
 * @param coupling the weights of Preferred couplings the cluster does not satisfy
 * @param stickiness minus the reward for keeping a replica where it already runs
 * @param taints the penalty for untolerated PreferNoSchedule taints
 * @param burst the burst tier's rank, in units of {@value #TIER}: later tiers only take what
 *     earlier ones cannot hold below their utilization ceiling
 */
public record CostTerms(
    double price,
    double utilization,
    double preference,
    double coupling,
    double stickiness,
    double taints,
    double burst) {
  /** One burst tier outweighs every other term. */
  public static final double TIER = 1e9;

  public static final CostTerms ZERO = new CostTerms(0, 0, 0, 0, 0, 0, 0);

  public double total() {
    return price + utilization + preference + coupling + stickiness + taints + burst;
  }

  public CostTerms plus(CostTerms other) {
    return new CostTerms(
        price + other.price,
        utilization + other.utilization,
        preference + other.preference,
        coupling + other.coupling,
        stickiness + other.stickiness,
        taints + other.taints,
        burst + other.burst);
  }
}
