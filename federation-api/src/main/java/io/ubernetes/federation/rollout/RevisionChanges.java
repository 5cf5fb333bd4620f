package io.ubernetes.federation.rollout;

import io.ubernetes.federation.workload.RevisionSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * What changed from one revision's content to the next, as a person reads it: one line per changed
 * field, by path, e.g. {@code template.spec.template.spec.containers[app].image: shop/app:1.4 ->
 * shop/app:1.5}. Lists of named items (containers, env, volumes) are keyed by name, resources by
 * kind and name, everything else by index. Values of Secrets and of resources' {@code data} are
 * never shown, only that they changed; nor are values too long for one line.
 */
final class RevisionChanges {
  static final String CREATED = "created";

  /** More lines than this say nothing a person reads: the rest are counted. */
  private static final int MAX_LINES = 20;

  private static final int MAX_VALUE = 60;
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
  private static final List<String> DATA = List.of("data", "stringData", "binaryData");

  private final List<String> lines = new ArrayList<>();

  private RevisionChanges() {}

  /**
   * @param sources the sources of the content's other parts, by key: each says what changed in its
   *     own part
   */
  static List<String> between(
      JsonNode before, JsonNode after, Map<String, RevisionSource> sources) {
    RevisionChanges changes = new RevisionChanges();
    changes.diff("template", before.path("template"), after.path("template"), false);
    changes.resources(before.path("resources"), after.path("resources"));
    changes.byIndex("overrides", before.path("overrides"), after.path("overrides"));
    sources.forEach(
        (key, source) -> {
          JsonNode was = before.path(key);
          JsonNode is = after.path(key);
          if (!was.equals(is)) {
            changes.lines.addAll(source.changes(was, is));
          }
        });
    List<String> lines = changes.lines;
    if (lines.isEmpty() && !before.equals(after)) {
      // Same items, another order: the order of resources is the order they are applied in.
      lines.add("order of items changed");
    }
    if (lines.size() > MAX_LINES) {
      int more = lines.size() - MAX_LINES + 1;
      lines = new ArrayList<>(lines.subList(0, MAX_LINES - 1));
      lines.add("... and " + more + " more changes");
    }
    return List.copyOf(lines);
  }

  private void resources(JsonNode before, JsonNode after) {
    Map<String, JsonNode> old = resourcesByKey(before);
    Map<String, JsonNode> now = resourcesByKey(after);
    for (String key : union(old, now)) {
      JsonNode was = old.getOrDefault(key, MissingNode.getInstance());
      JsonNode is = now.getOrDefault(key, MissingNode.getInstance());
      String path = "resources[" + key + "]";
      if (was.isMissingNode() || is.isMissingNode()) {
        diff(path, was, is, true);
        continue;
      }
      boolean secret = key.startsWith("Secret/");
      for (String field : union(fields(was), fields(is))) {
        diff(path + "." + field, was.path(field), is.path(field), secret || DATA.contains(field));
      }
    }
  }

  private void byIndex(String path, JsonNode before, JsonNode after) {
    int size = Math.max(before.size(), after.size());
    for (int i = 0; i < size; i++) {
      diff(path + "[" + i + "]", before.path(i), after.path(i), false);
    }
  }

  private void diff(String path, JsonNode before, JsonNode after, boolean hidden) {
    if (before.equals(after)) {
      return;
    }
    if (before.isMissingNode() || before.isNull()) {
      lines.add(path + " added");
    } else if (after.isMissingNode() || after.isNull()) {
      lines.add(path + " removed");
    } else if (before.isObject() && after.isObject()) {
      for (String key : union(fields(before), fields(after))) {
        diff(path + segment(key), before.path(key), after.path(key), hidden);
      }
    } else if (before.isArray() && after.isArray()) {
      Map<String, JsonNode> old = byName(before);
      Map<String, JsonNode> now = byName(after);
      if (old == null || now == null) {
        byIndex(path, before, after);
        return;
      }
      for (String name : union(old, now)) {
        diff(
            path + "[" + name + "]",
            old.getOrDefault(name, MissingNode.getInstance()),
            now.getOrDefault(name, MissingNode.getInstance()),
            hidden);
      }
    } else if (hidden || !shown(before) || !shown(after)) {
      lines.add(path + " changed");
    } else {
      lines.add(path + ": " + before.asString() + " -> " + after.asString());
    }
  }

  private static boolean shown(JsonNode value) {
    return value.isValueNode() && value.asString().length() <= MAX_VALUE;
  }

  private static String segment(String key) {
    return PLAIN_KEY.matcher(key).matches() ? "." + key : "[\"" + key + "\"]";
  }

  /** The items of a list by their names, or null when not every item has a name of its own. */
  private static Map<String, JsonNode> byName(JsonNode list) {
    Map<String, JsonNode> named = new LinkedHashMap<>();
    for (JsonNode item : list) {
      JsonNode name = item.path("name");
      if (!name.isString() || named.put(name.asString(), item) != null) {
        return null;
      }
    }
    return named;
  }

  private static Map<String, JsonNode> resourcesByKey(JsonNode resources) {
    Map<String, JsonNode> keyed = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode resource : resources) {
      String key =
          resource.path("kind").asString("")
              + "/"
              + resource.path("metadata").path("name").asString("#" + index);
      keyed.put(keyed.containsKey(key) ? key + "#" + index : key, resource);
      index++;
    }
    return keyed;
  }

  private static List<String> fields(JsonNode object) {
    return List.copyOf(object.propertyNames());
  }

  private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
    return union(List.copyOf(a.keySet()), List.copyOf(b.keySet()));
  }

  private static TreeSet<String> union(List<String> a, List<String> b) {
    TreeSet<String> keys = new TreeSet<>(a);
    keys.addAll(b);
    return keys;
  }
}
