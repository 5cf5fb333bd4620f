package io.ubernetes.federation.quota;

import java.util.Map;
import java.util.Set;

/**
 * Which member clusters are in which cluster sets now: the scope of a quota's per-set limits. The
 * tenancy feature, which serves ClusterSets and keeps their members, answers it.
 */
public interface ClusterSetMembers {

  /**
   * The clusters of each of these sets, by set name; a set that does not exist has no clusters.
   *
   * @param clusterLabels the labels of every cluster of the fleet, by cluster name
   */
  Map<String, Set<String>> members(
      Set<String> clusterSets, Map<String, Map<String, String>> clusterLabels);
}
