package io.ubernetes.federation.dependency;

import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A workload's dependencies as part of its revisions: the {@link FederatedObject}s of its namespace
 * that its pod template refers to, as native objects sorted by kind then name. A change to one of
 * them is a change of the workload's content, rolled out with its next revision.
 */
@Component
class DependencySource implements RevisionSource {
  private final Dependencies dependencies;

  DependencySource(Dependencies dependencies) {
    this.dependencies = dependencies;
  }

  @Override
  public String key() {
    return DEPENDENCIES;
  }

  @Override
  public JsonNode contentFor(Subject workload, WorkloadSpec spec) {
    List<JsonNode> found = dependencies.resolve(workload.namespace(), spec).found();
    if (found.isEmpty()) {
      return null;
    }
    ArrayNode content = JsonNodeFactory.instance.arrayNode();
    found.forEach(content::add);
    return content;
  }

  /** One line per object added, removed or changed; never a value, Secrets' least of all. */
  @Override
  public List<String> changes(JsonNode before, JsonNode after) {
    Map<String, JsonNode> was = byKey(before);
    Map<String, JsonNode> is = byKey(after);
    TreeSet<String> keys = new TreeSet<>(was.keySet());
    keys.addAll(is.keySet());
    List<String> lines = new ArrayList<>();
    for (String key : keys) {
      JsonNode old = was.get(key);
      JsonNode now = is.get(key);
      if (old == null) {
        lines.add("dependency " + key + " added");
      } else if (now == null) {
        lines.add("dependency " + key + " removed");
      } else if (!old.equals(now)) {
        lines.add("dependency " + key + " changed");
      }
    }
    return lines;
  }

  private static Map<String, JsonNode> byKey(JsonNode objects) {
    Map<String, JsonNode> keyed = new TreeMap<>();
    if (objects != null) {
      for (JsonNode object : objects) {
        keyed.put(
            object.path("kind").asString("")
                + "/"
                + object.path("metadata").path("name").asString(""),
            object);
      }
    }
    return keyed;
  }
}
