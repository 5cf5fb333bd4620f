package io.ubernetes.sandbox;

import io.ubernetes.sandbox.cluster.ClusterDefinition;
import java.util.HashSet;
import java.util.Set;

/**
 * The pod and load balancer ranges of every simulated cluster this sandbox knows, running or only
 * saved: a cluster keeps the ranges it was given (its pods' and load balancers' addresses, which
 * the federation's DNS serves, stay what they were), and a new one gets ranges nobody has.
 */
final class AddressRanges {
  private final Set<String> taken = new HashSet<>();

  /** The cluster's ranges are its own from now on. */
  synchronized void take(ClusterDefinition definition) {
    taken.add(definition.podCidr());
    taken.add(definition.loadBalancerCidr());
  }

  /**
   * The definition with its own ranges if nobody has them, else with those of the first position
   * whose ranges nobody has; taken from now on.
   */
  synchronized ClusterDefinition assign(ClusterDefinition definition) {
    ClusterDefinition assigned = definition;
    for (int index = 0; !free(assigned); index++) {
      assigned = ClusterFleet.ranges(index).applyTo(definition);
    }
    take(assigned);
    return assigned;
  }

  private boolean free(ClusterDefinition definition) {
    return !taken.contains(definition.podCidr()) && !taken.contains(definition.loadBalancerCidr());
  }
}
