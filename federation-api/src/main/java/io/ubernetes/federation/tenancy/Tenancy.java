package io.ubernetes.federation.tenancy;

import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Decoded<ClusterSet, ?, ?> sets;
  private final Decoded<ClusterSetBinding, ?, ?> bindings;

  Tenancy(
      ResourceReader reader,
      TenancyProperties properties,
      ClusterSetStrategy sets,
      ClusterSetBindingStrategy bindings) {
    this.reader = reader;
    this.properties = properties;
    this.sets = new Decoded<>(sets);
    this.bindings = new Decoded<>(bindings);
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

  /** The objects of a kind, decoded once and again only where their resourceVersion changed. */
  private static final class Decoded<R extends ApiObject<S, T>, S, T> {
    private final ResourceStrategy<R, S, T> strategy;
    private final Map<UUID, R> byUid = new ConcurrentHashMap<>();

    Decoded(ResourceStrategy<R, S, T> strategy) {
      this.strategy = strategy;
    }

    List<R> current(ResourceReader reader) {
      Map<UUID, Long> versions = reader.versions(strategy);
      List<UUID> stale = new ArrayList<>();
      versions.forEach(
          (uid, version) -> {
            R known = byUid.get(uid);
            if (known == null
                || !Long.toString(version).equals(known.metadata().resourceVersion())) {
              stale.add(uid);
            }
          });
      byUid.keySet().retainAll(versions.keySet());
      if (!stale.isEmpty()) {
        byUid.putAll(reader.getAll(strategy, stale));
      }
      return List.copyOf(byUid.values());
    }
  }
}
