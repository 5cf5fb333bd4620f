package io.ubernetes.federation.tenancy;

import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.federation.resource.DecodedObjects;
import io.ubernetes.federation.resource.ResourceReader;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Reads the rules of tenancy (cluster sets, their bindings, the default set) for the scheduler and
 * the placement simulation. Two statements a pass (the resourceVersions of sets and of bindings):
 * objects are decoded again only where their resourceVersion moved on.
 */
@Component
public class Tenancy {
  private final ResourceReader reader;
  private final TenancyProperties properties;
  private final DecodedObjects<ClusterSet, ?, ?> sets;
  private final DecodedObjects<ClusterSetBinding, ?, ?> bindings;

  Tenancy(
      ResourceReader reader,
      TenancyProperties properties,
      ClusterSetStrategy sets,
      ClusterSetBindingStrategy bindings) {
    this.reader = reader;
    this.properties = properties;
    this.sets = new DecodedObjects<>(sets);
    this.bindings = new DecodedObjects<>(bindings);
  }

  /** The rules as the calling transaction sees them. */
  public TenancyRules rules() {
    SortedMap<String, ClusterSelector> selectors = new TreeMap<>();
    for (ClusterSet set : sets.current(reader)) {
      if (set.spec() != null && set.spec().clusterSelector() != null) {
        selectors.put(set.metadata().name(), set.spec().clusterSelector());
      }
    }
    SortedMap<String, SortedSet<String>> bound = new TreeMap<>();
    for (ClusterSetBinding binding : bindings.current(reader)) {
      if (binding.spec() != null && binding.spec().clusterSet() != null) {
        bound
            .computeIfAbsent(binding.metadata().namespace(), n -> new TreeSet<>())
            .add(binding.spec().clusterSet());
      }
    }
    return new TenancyRules(selectors, bound, properties.defaultClusterSet());
  }
}
