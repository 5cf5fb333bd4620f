package io.ubernetes.sandbox;

import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.SavedCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a start of the sandbox runs, from the fleet of {@code --clusters} or {@code --config} and
 * the clusters earlier starts saved: every cluster of the fleet (with the address ranges it had, if
 * it ran before), then every cluster added at run time that the fleet does not name; the saved
 * clusters neither names are left out, and reported.
 *
 * @param starts the clusters to start, in that order
 * @param leftOut saved clusters this start does not run
 */
record FleetPlan(List<Start> starts, List<SavedCluster> leftOut) {

  /**
   * One cluster to start.
   *
   * @param addedAtRunTime started because it was added through the control API
   */
  record Start(ClusterDefinition definition, boolean addedAtRunTime) {}

  FleetPlan {
    starts = List.copyOf(starts);
    leftOut = List.copyOf(leftOut);
  }

  /**
   * @param ranges takes every saved cluster's ranges, and assigns new clusters theirs
   */
  static FleetPlan of(
      List<ClusterDefinition> fleet, Map<String, SavedCluster> saved, AddressRanges ranges) {
    saved.values().forEach(cluster -> ranges.take(cluster.definition()));
    List<Start> starts = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (ClusterDefinition definition : fleet) {
      named.add(definition.name());
      SavedCluster before = saved.get(definition.name());
      starts.add(
          new Start(
              before == null
                  ? ranges.assign(definition)
                  : ClusterFleet.Ranges.of(before.definition()).applyTo(definition),
              false));
    }
    List<SavedCluster> leftOut = new ArrayList<>();
    for (SavedCluster cluster : saved.values()) {
      if (named.contains(cluster.name())) {
        continue;
      }
      if (cluster.addedAtRunTime()) {
        starts.add(new Start(cluster.definition(), true));
      } else {
        leftOut.add(cluster);
      }
    }
    return new FleetPlan(starts, leftOut);
  }
}
