package io.ubernetes.placement;

import java.util.Objects;

/**
 * Nodes of a cluster that can take pods, with at least this much free each: the unit in which a
 * cluster's agent reports its nodes. A replica runs on one node, so a cluster holds only the
 * replicas that fit node by node.
 *
 * @param count how many nodes
 * @param free what each of them has free at least (cpu, memory and pod slots)
 */
public record NodeGroup(int count, Resources free) {
  public NodeGroup {
    Objects.requireNonNull(free, "free");
    if (count < 0) {
      throw new IllegalArgumentException("a node group cannot have " + count + " nodes");
    }
  }
}
