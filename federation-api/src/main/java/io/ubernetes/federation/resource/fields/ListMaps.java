package io.ubernetes.federation.resource.fields;

import java.util.List;
import java.util.Map;

/**
 * Which lists of a kind are maps keyed by fields of their items (Kubernetes' {@code
 * x-kubernetes-list-type: map}), by the names of the fields that lead to them from the object's
 * root, e.g. {@code spec.taints -> [key, effect]}. Every other list is atomic: owned, replaced and
 * removed as a whole.
 */
public record ListMaps(Map<String, List<String>> keys) {
  public static final ListMaps NONE = new ListMaps(Map.of());

  public ListMaps {
    keys = Map.copyOf(keys);
  }

  /** The key fields of the list at {@code names} (dot-joined field names), or null if atomic. */
  List<String> keysOf(String names) {
    return keys.get(names);
  }
}
