package io.ubernetes.federation.tenancy;

import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.placement.Fence;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which clusters each namespace may use, as the cluster sets, their bindings and the default set
 * say at one moment: a namespace with bindings may use the union of its bound sets' clusters (a
 * binding whose set does not exist adds none), a namespace without the default set's (every cluster
 * when no default set is configured, none while the configured one does not exist).
 *
 * @param sets each cluster set's selector, by name
 * @param bindings the names of the sets bound to each namespace that has bindings
 * @param defaultSet the default cluster set's name; null for every cluster
 */
public record TenancyRules(
    SortedMap<String, ClusterSelector> sets,
    SortedMap<String, SortedSet<String>> bindings,
    String defaultSet) {

  /** No set, no binding, no default: every namespace may use every cluster. */
  public static final TenancyRules OPEN = new TenancyRules(new TreeMap<>(), new TreeMap<>(), null);

  public TenancyRules {
    sets = Collections.unmodifiableSortedMap(new TreeMap<>(sets));
    SortedMap<String, SortedSet<String>> copy = new TreeMap<>();
    bindings.forEach(
        (namespace, names) ->
            copy.put(namespace, Collections.unmodifiableSortedSet(new TreeSet<>(names))));
    bindings = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * Changes whenever a namespace's clusters may change with the same clusters and labels: a set's
   * selector, a binding, the default set.
   */
  public String fingerprint() {
    return sets + "\n" + bindings + "\n" + defaultSet;
  }

  /** The clusters, among those given with their labels, that set {@code name} holds. */
  public static SortedSet<String> members(
      ClusterSelector selector, Map<String, Map<String, String>> clusterLabels) {
    SortedSet<String> members = new TreeSet<>();
    clusterLabels.forEach(
        (cluster, labels) -> {
          if (selector.matches(labels)) {
            members.add(cluster);
          }
        });
    return members;
  }

  /**
   * The fences of one pass over one fleet: one instance per namespace, which the placement engine
   * relies on to compute a namespace's clusters once.
   *
   * @param clusterLabels every cluster of the fleet with its labels, by name
   */
  public Fences fences(Map<String, Map<String, String>> clusterLabels) {
    return new Fences(clusterLabels);
  }

  /** The fences of the namespaces one pass asks about, each built once. */
  public final class Fences {
    private final Map<String, Map<String, String>> clusterLabels;
    private final Map<String, SortedSet<String>> members = new HashMap<>();
    private final Map<String, Fence> byNamespace = new HashMap<>();

    private Fences(Map<String, Map<String, String>> clusterLabels) {
      this.clusterLabels = Map.copyOf(clusterLabels);
    }

    /**
     * The fence of a namespace's workloads; null when they may use every cluster, or for a
     * cluster-scoped workload ({@code namespace} null or empty).
     */
    public Fence of(String namespace) {
      if (namespace == null || namespace.isEmpty()) {
        return null;
      }
      SortedSet<String> bound = bindings.get(namespace);
      if (bound == null && defaultSet == null) {
        return null;
      }
      return byNamespace.computeIfAbsent(namespace, this::build);
    }

    private Fence build(String namespace) {
      SortedSet<String> bound = bindings.get(namespace);
      if (bound == null) {
        return new Fence(setMembers(defaultSet), "not in the default cluster set " + defaultSet);
      }
      Set<String> allowed = new TreeSet<>();
      bound.forEach(set -> allowed.addAll(setMembers(set)));
      return new Fence(allowed, "not in a cluster set bound to namespace " + namespace);
    }

    private SortedSet<String> setMembers(String set) {
      return members.computeIfAbsent(
          set,
          name -> {
            ClusterSelector selector = sets.get(name);
            return selector == null
                ? new TreeSet<>()
                : TenancyRules.members(selector, clusterLabels);
          });
    }
  }

  /** The sets bound to a namespace, in name order; empty when it has no binding. */
  public List<String> boundTo(String namespace) {
    SortedSet<String> bound = bindings.get(namespace);
    return bound == null ? List.of() : List.copyOf(bound);
  }
}
