package io.ubernetes.federation.resource.fields;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of paths to fields of an object, as server-side apply tracks ownership: each path is a list
 * of elements, {@code f:<field>}, {@code k:<key fields as JSON>} (an item of a list map), {@code
 * v:<value as JSON>} (an item of a set) or {@code i:<index>}. Immutable; read from and written in
 * the {@code FieldsV1} form of {@code metadata.managedFields}.
 */
public final class FieldSet {
  /** Kubernetes' order of path elements: fields, then keys, then values, then indexes. */
  static final Comparator<String> ELEMENTS =
      Comparator.comparingInt(FieldSet::rank)
          .thenComparing(
              (a, b) ->
                  a.startsWith("i:") && b.startsWith("i:")
                      ? Long.compare(index(a), index(b))
                      : a.compareTo(b));

  private static final Comparator<List<String>> PATHS =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int order = ELEMENTS.compare(a.get(i), b.get(i));
          if (order != 0) {
            return order;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static final FieldSet EMPTY = new FieldSet(new TreeSet<>(PATHS));

  private final TreeSet<List<String>> paths;

  private FieldSet(TreeSet<List<String>> paths) {
    this.paths = paths;
  }

  static FieldSet of(Collection<List<String>> paths) {
    TreeSet<List<String>> set = new TreeSet<>(PATHS);
    for (List<String> path : paths) {
      set.add(List.copyOf(path));
    }
    return new FieldSet(set);
  }

  /**
   * The fields {@code document} sets, as server-side apply counts them: every scalar (null
   * included) and every atomic list is a field; a map is only what it holds (an empty one sets
   * nothing); an item of a list map is a field, and so is each field it holds.
   */
  public static FieldSet of(JsonNode document, ListMaps lists) {
    List<List<String>> paths = new ArrayList<>();
    collect(document, new ArrayList<>(), "", lists, paths);
    return of(paths);
  }

  private static void collect(
      JsonNode node, List<String> path, String names, ListMaps lists, List<List<String>> paths) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        path.add("f:" + field.getKey());
        String childNames = names.isEmpty() ? field.getKey() : names + "." + field.getKey();
        collect(field.getValue(), path, childNames, lists, paths);
        path.removeLast();
      }
      return;
    }
    List<String> keys = node.isArray() ? lists.keysOf(names) : null;
    if (keys == null) {
      paths.add(List.copyOf(path));
      return;
    }
    for (JsonNode item : node) {
      path.add(lists.keyElement(names, item));
      paths.add(List.copyOf(path));
      if (item.isObject()) {
        collect(item, path, names, lists, paths);
      }
      path.removeLast();
    }
  }

  /**
   * Reads the {@code FieldsV1} form.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull()) {
      return EMPTY;
    }
    List<List<String>> paths = new ArrayList<>();
    read(fields, new ArrayList<>(), paths);
    return of(paths);
  }

  private static void read(JsonNode node, List<String> path, List<List<String>> paths) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("not a FieldsV1 node at " + render(path));
    }
    if (node.isEmpty() && !path.isEmpty()) {
      paths.add(List.copyOf(path));
      return;
    }
    for (Map.Entry<String, JsonNode> child : node.properties()) {
      String element = child.getKey();
      if (element.equals(".")) {
        if (path.isEmpty()) {
          throw new IllegalArgumentException("\".\" at the root of FieldsV1");
        }
        paths.add(List.copyOf(path));
        continue;
      }
      if (rank(element) > 3 || (element.startsWith("i:") && index(element) < 0)) {
        throw new IllegalArgumentException("not a FieldsV1 element: " + element);
      }
      path.add(element);
      read(child.getValue(), path, paths);
      path.removeLast();
    }
  }

  /**
   * This set in the {@code FieldsV1} form: a tree of elements, {@code ".": {}} marking a field with
   * fields under it.
   */
  public JsonNode toFieldsV1() {
    TreeMap<String, Object> root = new TreeMap<>(ELEMENTS);
    for (List<String> path : paths) {
      TreeMap<String, Object> node = root;
      for (String element : path) {
        @SuppressWarnings("unchecked")
        TreeMap<String, Object> child =
            (TreeMap<String, Object>) node.computeIfAbsent(element, e -> new TreeMap<>(ELEMENTS));
        node = child;
      }
      node.put(".", Boolean.TRUE);
    }
    return write(root);
  }

  private static ObjectNode write(TreeMap<String, Object> node) {
    ObjectNode written = JsonNodeFactory.instance.objectNode();
    boolean member = node.containsKey(".");
    boolean children = node.size() > (member ? 1 : 0);
    if (member && children) {
      written.putObject(".");
    }
    for (Map.Entry<String, Object> child : node.entrySet()) {
      if (!child.getKey().equals(".")) {
        @SuppressWarnings("unchecked")
        TreeMap<String, Object> grandChildren = (TreeMap<String, Object>) child.getValue();
        written.set(child.getKey(), write(grandChildren));
      }
    }
    return written;
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public boolean contains(List<String> path) {
    return paths.contains(path);
  }

  public Set<List<String>> paths() {
    return Collections.unmodifiableSet(paths);
  }

  public FieldSet union(FieldSet other) {
    TreeSet<List<String>> union = new TreeSet<>(paths);
    union.addAll(other.paths);
    return new FieldSet(union);
  }

  public FieldSet difference(FieldSet other) {
    TreeSet<List<String>> difference = new TreeSet<>(paths);
    difference.removeAll(other.paths);
    return new FieldSet(difference);
  }

  public FieldSet intersection(FieldSet other) {
    TreeSet<List<String>> intersection = new TreeSet<>(paths);
    intersection.retainAll(other.paths);
    return new FieldSet(intersection);
  }

  /** Without the paths that start with any path of {@code prefixes}, those paths included. */
  public FieldSet withoutUnder(FieldSet prefixes) {
    TreeSet<List<String>> kept = new TreeSet<>(PATHS);
    for (List<String> path : paths) {
      if (prefixes.paths.stream().noneMatch(prefix -> startsWith(path, prefix))) {
        kept.add(path);
      }
    }
    return new FieldSet(kept);
  }

  static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  /**
   * A path as Kubernetes prints it in conflicts: {@code .spec.replicas}, {@code
   * .spec.taints[effect="NoSchedule",key="gpu"].value}, {@code .metadata.finalizers[="x"]}, {@code
   * [0]}.
   */
  public static String render(List<String> path) {
    StringBuilder rendered = new StringBuilder();
    for (String element : path) {
      String body = element.substring(2);
      switch (element.substring(0, 2)) {
        case "f:" -> rendered.append('.').append(body);
        case "v:" -> rendered.append("[=").append(body).append(']');
        case "i:" -> rendered.append('[').append(body).append(']');
        default -> rendered.append(renderKey(body));
      }
    }
    return rendered.toString();
  }

  private static String renderKey(String json) {
    JsonNode key = JSON.readTree(json);
    StringBuilder rendered = new StringBuilder("[");
    for (Map.Entry<String, JsonNode> field : key.properties()) {
      rendered.append(rendered.length() > 1 ? "," : "");
      rendered.append(field.getKey()).append('=').append(field.getValue());
    }
    return rendered.append(']').toString();
  }

  private static int rank(String element) {
    if (element.length() < 2 || element.charAt(1) != ':') {
      return 4;
    }
    return switch (element.charAt(0)) {
      case 'f' -> 0;
      case 'k' -> 1;
      case 'v' -> 2;
      case 'i' -> 3;
      default -> 4;
    };
  }

  private static long index(String element) {
    try {
      return Long.parseLong(element.substring(2));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldSet set && paths.equals(set.paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return toFieldsV1().toString();
  }
}
