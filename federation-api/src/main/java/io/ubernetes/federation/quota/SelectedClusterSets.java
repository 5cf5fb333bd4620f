package io.ubernetes.federation.quota;

import io.ubernetes.federation.policy.Placement.ClusterSelector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.annotation.Fallback;
import org.springframework.stereotype.Component;

/**
 * The members of cluster sets as their stored selectors choose them from the fleet's labels, for as
 * long as no other component keeps the sets' members (that one is then used instead).
 */
@Component
@Fallback
class SelectedClusterSets implements ClusterSetMembers {
  private final QuotaLedger ledger;

  SelectedClusterSets(QuotaLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Map<String, Set<String>> members(
      Set<String> clusterSets, Map<String, Map<String, String>> clusterLabels) {
    Map<String, ClusterSelector> selectors = ledger.clusterSelectors(clusterSets);
    Map<String, Set<String>> members = new HashMap<>();
    for (String set : clusterSets) {
      ClusterSelector selector = selectors.get(set);
      Set<String> clusters = new TreeSet<>();
      if (selector != null) {
        clusterLabels.forEach(
            (cluster, labels) -> {
              if (selector.matches(labels)) {
                clusters.add(cluster);
              }
            });
      }
      members.put(set, Set.copyOf(clusters));
    }
    return members;
  }
}
