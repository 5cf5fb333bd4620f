package io.ubernetes.federation.resource.fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What server-side apply does to documents: find, merge and remove by field path. */
final class Documents {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Documents() {}

  /** The value at {@code path} in {@code document}, or null when there is none. */
  static JsonNode valueAt(JsonNode document, List<String> path, ListMaps lists) {
    JsonNode node = document;
    String names = "";
    for (String element : path) {
      if (node == null) {
        return null;
      }
      node = child(node, element, names, lists);
      names = names(names, element);
    }
    return node;
  }

  /** The dot-joined field names that lead to where {@code element} leads from {@code names}. */
  private static String names(String names, String element) {
    if (!element.startsWith("f:")) {
      return names;
    }
    return names.isEmpty() ? element.substring(2) : names + "." + element.substring(2);
  }

  private static JsonNode child(JsonNode node, String element, String names, ListMaps lists) {
    String body = element.substring(2);
    return switch (element.substring(0, 2)) {
      case "f:" -> node.isObject() ? node.get(body) : null;
      case "i:" -> node.isArray() ? node.get(Integer.parseInt(body)) : null;
      default -> {
        int index = itemIndex(node, element, names, lists);
        yield index < 0 ? null : node.get(index);
      }
    };
  }

  /**
   * The index of the item a {@code k:} or {@code v:} element names in the list at {@code names}, or
   * -1.
   */
  private static int itemIndex(JsonNode list, String element, String names, ListMaps lists) {
    if (!list.isArray()) {
      return -1;
    }
    boolean byKey = element.startsWith("k:");
    JsonNode wanted = JSON.readTree(element.substring(2));
    List<String> keys = lists.keysOf(names);
    if (byKey && keys == null) {
      keys = new ArrayList<>();
      wanted.propertyNames().forEach(keys::add);
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      boolean matches =
          byKey
              ? ListMaps.keyElement(item, keys, lists.keyDefaults().getOrDefault(names, Map.of()))
                  .equals(element)
              : item.equals(wanted);
      if (matches) {
        return i;
      }
    }
    return -1;
  }

  /** Removes the value at {@code path} from {@code document}, if it is there. */
  static void remove(JsonNode document, List<String> path, ListMaps lists) {
    if (path.isEmpty()) {
      return;
    }
    List<String> parentPath = path.subList(0, path.size() - 1);
    JsonNode parent = valueAt(document, parentPath, lists);
    String last = path.getLast();
    if (parent instanceof ObjectNode object && last.startsWith("f:")) {
      object.remove(last.substring(2));
    } else if (parent instanceof ArrayNode list) {
      String names = "";
      for (String element : parentPath) {
        names = names(names, element);
      }
      int index =
          last.startsWith("i:")
              ? Integer.parseInt(last.substring(2))
              : itemIndex(list, last, names, lists);
      if (index >= 0 && index < list.size()) {
        list.remove(index);
      }
    }
  }

  /**
   * {@code config} merged into {@code live}: maps field by field, list maps item by item (an item
   * merged into the live one of the same key, new items appended), everything else replaced by the
   * config's value. Neither argument is changed.
   */
  static JsonNode merge(JsonNode live, JsonNode config, ListMaps lists) {
    return merge(live, config, "", lists);
  }

  private static JsonNode merge(JsonNode live, JsonNode config, String names, ListMaps lists) {
    if (config.isObject() && live != null && live.isObject()) {
      ObjectNode merged = (ObjectNode) live.deepCopy();
      for (Map.Entry<String, JsonNode> field : config.properties()) {
        String childNames = names.isEmpty() ? field.getKey() : names + "." + field.getKey();
        merged.set(
            field.getKey(), merge(live.get(field.getKey()), field.getValue(), childNames, lists));
      }
      return merged;
    }
    List<String> keys = config.isArray() ? lists.keysOf(names) : null;
    if (keys != null && live != null && live.isArray()) {
      ArrayNode merged = (ArrayNode) live.deepCopy();
      for (JsonNode item : config) {
        int index = itemIndex(merged, lists.keyElement(names, item), names, lists);
        if (index < 0) {
          merged.add(item.deepCopy());
        } else {
          merged.set(index, merge(merged.get(index), item, names, lists));
        }
      }
      return merged;
    }
    return config.deepCopy();
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
