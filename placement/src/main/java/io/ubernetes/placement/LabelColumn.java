package io.ubernetes.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One label of every cluster of a fleet, interned: each distinct value gets a small id, and the
 * column holds one id per cluster. A test of the label (a selector requirement, a topology domain
 * rule, a burst tier) is then decided once per distinct value, and per cluster it is one array read
 * instead of a look-up in the cluster's label map and a string compare.
 */
final class LabelColumn {
  /** The id of a cluster that does not carry the label. */
  static final int ABSENT = 0;

  /** Per cluster position, the id of its value: {@link #ABSENT}, or 1 + the value's index. */
  private final int[] ids;

  /** The distinct values, by id - 1. */
  private final String[] values;

  private LabelColumn(int[] ids, String[] values) {
    this.ids = ids;
    this.values = values;
  }

  /** The column of {@code key} over the clusters. */
  static LabelColumn of(Cluster[] clusters, String key) {
    int[] ids = new int[clusters.length];
    Map<String, Integer> idOf = new HashMap<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < clusters.length; i++) {
      String value = clusters[i].labels().get(key);
      if (value != null) {
        Integer id = idOf.get(value);
        if (id == null) {
          values.add(value);
          id = values.size();
          idOf.put(value, id);
        }
        ids[i] = id;
      }
    }
    return new LabelColumn(ids, values.toArray(String[]::new));
  }

  /** The clusters' names as a column: every cluster is a domain of its own. */
  static LabelColumn names(Cluster[] clusters) {
    int[] ids = new int[clusters.length];
    String[] values = new String[clusters.length];
    for (int i = 0; i < clusters.length; i++) {
      ids[i] = i + 1;
      values[i] = clusters[i].name();
    }
    return new LabelColumn(ids, values);
  }

  /** The id of a cluster's value; {@link #ABSENT} when it has none. */
  int id(int cluster) {
    return ids[cluster];
  }

  /** How many ids there are, {@link #ABSENT} included. */
  int ids() {
    return values.length + 1;
  }

  /** The value of an id; null for {@link #ABSENT}. */
  String value(int id) {
    return id == ABSENT ? null : values[id - 1];
  }

  /** Per id, whether {@code test} holds for its value (null for {@link #ABSENT}). */
  boolean[] where(Predicate<String> test) {
    boolean[] holds = new boolean[ids()];
    for (int id = 0; id < holds.length; id++) {
      holds[id] = test.test(value(id));
    }
    return holds;
  }

  /** Per id, whether its value is one of {@code domains}; never for {@link #ABSENT}. */
  boolean[] in(Set<String> domains) {
    return where(value -> value != null && domains.contains(value));
  }
}
