package io.ubernetes.sandbox.cluster;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated cluster's state file, JSON a person can read: a header (the cluster's definition, its
 * API server's port, the last resourceVersion), then its objects one per line, each with the path
 * the API server serves it at. Written to a temporary file beside it, then renamed over it, so that
 * the file is always one complete state.
 */
final class StateFile {
  static final String FORMAT = "ubernetes.io/simulated-cluster/v1";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StateFile() {}

  /**
   * Writes the state atomically.
   *
   * @throws IOException if it cannot be written; the previous file, if any, is left as it was
   */
  static void write(Path file, SavedCluster state) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, render(state));
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Reads a state file of cluster {@code cluster}.
   *
   * @throws UnreadableStateException naming the file and what is wrong with it
   */
  static SavedCluster read(Path file, String cluster) {
    JsonNode root;
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        throw new UnreadableStateException(file, cluster, "the file is empty", null);
      }
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new UnreadableStateException(file, cluster, e.toString(), e);
    } catch (JacksonException e) {
      throw new UnreadableStateException(file, cluster, where(e) + e.getOriginalMessage(), e);
    }
    try {
      return parse(root, cluster);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new UnreadableStateException(file, cluster, e.getMessage(), e);
    }
  }

  private static SavedCluster parse(JsonNode root, String cluster) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (!FORMAT.equals(root.path("format").asString(null))) {
      throw new IllegalArgumentException(
          "format: expected \"" + FORMAT + "\", got " + root.path("format"));
    }
    ClusterDefinition definition = definition(root.path("definition"));
    if (!definition.name().equals(cluster)) {
      throw new IllegalArgumentException(
          "definition.name: the state of cluster \""
              + definition.name()
              + "\" is in the directory of cluster \""
              + cluster
              + "\"");
    }
    int port = integer(root, "apiServerPort", 0, 65_535);
    long version = root.path("resourceVersion").asLong(-1);
    if (version < 0) {
      throw new IllegalArgumentException("resourceVersion: required, zero or more");
    }
    JsonNode items = root.path("objects");
    if (!items.isArray()) {
      throw new IllegalArgumentException("objects: required, a list");
    }
    List<ObjectStore.StoredObject> objects = new ArrayList<>();
    long highestUid = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String path = item.path("path").asString(null);
      JsonNode object = item.path("object");
      if (path == null || !path.startsWith("/api") || !object.isObject()) {
        throw new IllegalArgumentException(
            "objects[" + i + "]: expected {\"path\": \"/api...\", \"object\": {...}}");
      }
      long objectVersion = object.at("/metadata/resourceVersion").asLong(0);
      version = Math.max(version, objectVersion);
      highestUid = Math.max(highestUid, uidNumber(object.at("/metadata/uid").asString("")));
      objects.add(new ObjectStore.StoredObject(path, JSON.writeValueAsString(object)));
    }
    String savedAt = root.path("savedAt").asString(null);
    return new SavedCluster(
        definition,
        root.path("addedAtRunTime").asBoolean(false),
        port,
        savedAt == null ? null : Instant.parse(savedAt),
        new ObjectStore.Snapshot(version, objects, highestUid));
  }

  /** The number of a uid the mock gave ({@code 00000000-0000-0000-0000-<n>}), else 0. */
  private static long uidNumber(String uid) {
    try {
      UUID parsed = UUID.fromString(uid);
      return parsed.getMostSignificantBits() == 0 ? parsed.getLeastSignificantBits() : 0;
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private static ClusterDefinition definition(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("definition: required, an object");
    }
    try {
      return new ClusterDefinition(
          node.path("name").asString(null),
          node.path("region").asString(null),
          node.path("zone").asString(null),
          node.path("provider").asString(null),
          node.path("tier").asString(null),
          integer(node, "nodes", 1, ClusterDefinition.MAX_NODES),
          node.path("cpuPerNode").asString(null),
          node.path("memoryPerNode").asString(null),
          integer(node, "podsPerNode", 1, Integer.MAX_VALUE),
          node.path("podCidr").asString(null),
          node.path("loadBalancerCidr").asString(null),
          duration(node, "startDelay"),
          price(node, "cpuCoreHour"),
          price(node, "memoryGiBHour"),
          labels(node));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalArgumentException("definition." + e.getMessage(), e);
    }
  }

  private static Duration duration(JsonNode node, String field) {
    String value = node.path(field).asString("");
    try {
      return Duration.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          field + ": must be a duration such as \"PT2S\", got \"" + value + "\"", e);
    }
  }

  private static int integer(JsonNode node, String field, int min, int max) {
    JsonNode value = node.path(field);
    if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      throw new IllegalArgumentException(
          field + ": must be a number from " + min + " to " + max + ", got " + value);
    }
    return value.asInt();
  }

  /** Labels of its own; files written before clusters had them have none. */
  private static Map<String, String> labels(JsonNode node) {
    JsonNode labels = node.path("labels");
    if (labels.isMissingNode() || labels.isNull()) {
      return Map.of();
    }
    if (!labels.isObject()) {
      throw new IllegalArgumentException("labels: must be an object of strings");
    }
    Map<String, String> read = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> label : labels.properties()) {
      if (!label.getValue().isString()) {
        throw new IllegalArgumentException("labels." + label.getKey() + ": must be a string");
      }
      read.put(label.getKey(), label.getValue().asString());
    }
    return read;
  }

  private static Double price(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNumber() ? value.asDouble() : null;
  }

  private static String where(JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    return location == null || location.getLineNr() < 1
        ? ""
        : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
  }

  /** The header as a small JSON object per line, then one line per object. */
  private static String render(SavedCluster state) {
    ClusterDefinition d = state.definition();
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("name", d.name());
    definition.put("region", d.region());
    definition.put("zone", d.zone());
    definition.put("provider", d.provider());
    definition.put("tier", d.tier());
    definition.put("nodes", d.nodes());
    definition.put("cpuPerNode", d.cpuPerNode());
    definition.put("memoryPerNode", d.memoryPerNode());
    definition.put("podsPerNode", d.podsPerNode());
    definition.put("podCidr", d.podCidr());
    definition.put("loadBalancerCidr", d.loadBalancerCidr());
    definition.put("startDelay", d.startDelay().toString());
    definition.put("cpuCoreHour", d.cpuCoreHour());
    definition.put("memoryGiBHour", d.memoryGiBHour());
    if (!d.labels().isEmpty()) {
      definition.put("labels", d.labels());
    }
    List<ObjectStore.StoredObject> objects = state.objects().objects();
    StringBuilder text = new StringBuilder(64 * 1024);
    text.append("{\n  \"format\": ").append(quoted(FORMAT));
    text.append(",\n  \"savedAt\": ").append(quoted(String.valueOf(state.savedAt())));
    text.append(",\n  \"addedAtRunTime\": ").append(state.addedAtRunTime());
    text.append(",\n  \"apiServerPort\": ").append(state.apiServerPort());
    text.append(",\n  \"resourceVersion\": ").append(state.objects().resourceVersion());
    text.append(",\n  \"definition\": ").append(JSON.writeValueAsString(definition));
    text.append(",\n  \"objects\": [");
    for (int i = 0; i < objects.size(); i++) {
      ObjectStore.StoredObject object = objects.get(i);
      text.append(i == 0 ? "\n" : ",\n");
      text.append("    {\"path\": ").append(quoted(object.path()));
      text.append(", \"object\": ").append(object.json()).append('}');
    }
    text.append(objects.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return text.toString();
  }

  private static String quoted(String value) {
    return JSON.writeValueAsString(value);
  }
}
