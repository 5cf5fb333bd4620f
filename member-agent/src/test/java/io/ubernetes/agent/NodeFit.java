package io.ubernetes.agent;

import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.agent.protocol.Amounts;
import io.ubernetes.agent.protocol.NodeGroup;
import io.ubernetes.agent.report.Resources;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks reported node groups against what the nodes really have free. */
final class NodeFit {
  private NodeFit() {}

  /**
   * Whether every node can be given a place in a group (as many places as the group counts) that
   * claims no more cpu, memory and pod slots than the node has free: a perfect bipartite matching,
   * found by augmenting paths.
   */
  static boolean everyNodeHasAGroupAtMostItsFree(List<Resources> nodes, List<NodeGroup> groups) {
    List<Resources> places = new ArrayList<>();
    for (NodeGroup group : groups) {
      for (int i = 0; i < group.count(); i++) {
        places.add(resources(group.free()));
      }
    }
    if (places.size() != nodes.size()) {
      return false;
    }
    int[] nodeOfPlace = new int[places.size()];
    Arrays.fill(nodeOfPlace, -1);
    for (int node = 0; node < nodes.size(); node++) {
      if (!match(node, nodes, places, nodeOfPlace, new boolean[places.size()])) {
        return false;
      }
    }
    return true;
  }

  private static boolean match(
      int node, List<Resources> nodes, List<Resources> places, int[] nodeOfPlace, boolean[] seen) {
    for (int place = 0; place < places.size(); place++) {
      if (seen[place] || !atMost(places.get(place), nodes.get(node))) {
        continue;
      }
      seen[place] = true;
      if (nodeOfPlace[place] < 0 || match(nodeOfPlace[place], nodes, places, nodeOfPlace, seen)) {
        nodeOfPlace[place] = node;
        return true;
      }
    }
    return false;
  }

  private static boolean atMost(Resources claimed, Resources free) {
    return claimed.milliCpu() <= free.milliCpu()
        && claimed.memoryBytes() <= free.memoryBytes()
        && claimed.pods() <= free.pods();
  }

  static Resources resources(Amounts amounts) {
    return new Resources(
        Quantity.getAmountInBytes(new Quantity(amounts.cpu()))
            .multiply(BigDecimal.valueOf(1000))
            .longValueExact(),
        Quantity.getAmountInBytes(new Quantity(amounts.memory())).longValueExact(),
        Long.parseLong(amounts.pods()));
  }
}
