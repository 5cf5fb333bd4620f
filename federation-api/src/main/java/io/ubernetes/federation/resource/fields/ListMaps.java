package io.ubernetes.federation.resource.fields;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which lists of a kind are maps keyed by fields of their items (Kubernetes' {@code
 * x-kubernetes-list-type: map}), by the names of the fields that lead to them from the object's
 * root, e.g. {@code spec.taints -> [key, effect]}. Every other list is atomic: owned, replaced and
 * removed as a whole.
 *
 * @param keyDefaults the values of key fields that the schema defaults, by list then key, e.g.
 *     {@code spec.ports -> {protocol: TCP}}: an item that leaves such a key out is the item with
 *     the default, as Kubernetes fills defaults in before it merges
 */
public record ListMaps(
    Map<String, List<String>> keys, Map<String, Map<String, String>> keyDefaults) {
  public static final ListMaps NONE = new ListMaps(Map.of());

  public ListMaps {
    keys = Map.copyOf(keys);
    keyDefaults = Map.copyOf(keyDefaults);
  }

  public ListMaps(Map<String, List<String>> keys) {
    this(keys, Map.of());
  }

  /** The key fields of the list at {@code names} (dot-joined field names), or null if atomic. */
  List<String> keysOf(String names) {
    return keys.get(names);
  }

  /**
   * The path element of an item of the list map at {@code names}: {@code k:{"name":"eu"}}, its keys
   * sorted, a key the item leaves out given its default when it has one.
   */
  String keyElement(String names, JsonNode item) {
    return keyElement(
        item, keys.getOrDefault(names, List.of()), keyDefaults.getOrDefault(names, Map.of()));
  }

  static String keyElement(JsonNode item, List<String> keyFields, Map<String, String> defaults) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    for (String name : new TreeSet<>(keyFields)) {
      JsonNode value = item.get(name);
      if (value != null && !value.isNull()) {
        key.set(name, value);
      } else if (defaults.containsKey(name)) {
        key.put(name, defaults.get(name));
      }
    }
    return "k:" + key;
  }
}
