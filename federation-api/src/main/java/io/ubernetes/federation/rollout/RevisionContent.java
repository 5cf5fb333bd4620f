package io.ubernetes.federation.rollout;

import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a workload revision holds: {@code {template, resources, overrides}} and what the workload
 * draws from its {@link RevisionSource}s, exactly what is rendered for a cluster besides its
 * replica share, with every object's keys sorted so that the same content always has the same text,
 * hence the same hash. Replicas, placement, the strategies and the operator's controls are not
 * content: changing them makes no revision.
 */
final class RevisionContent {
  private RevisionContent() {}

  /**
   * @param drawn what the workload draws from outside its spec ({@link RevisionSource}s), by key;
   *     only the sources that give it something, so that a workload that draws nothing has the
   *     content, and the hash, it had before there were sources
   */
  static ObjectNode of(WorkloadSpec spec, Map<String, JsonNode> drawn, JsonMapper json) {
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    content.set(
        "template", spec.template() == null ? NullNode.instance : spec.template().deepCopy());
    content.set("resources", json.valueToTree(spec.resources()));
    content.set("overrides", json.valueToTree(spec.overrides()));
    drawn.forEach((key, part) -> content.set(key, part.deepCopy()));
    return (ObjectNode) canonical(content);
  }

  /** The node with the keys of every object in it sorted. */
  static JsonNode canonical(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      for (String key : new TreeSet<>(object.propertyNames())) {
        sorted.set(key, canonical(object.get(key)));
      }
      return sorted;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      array.forEach(item -> copy.add(canonical(item)));
      return copy;
    }
    return node;
  }

  /** SHA-256 of the canonical text, in hex. */
  static String hash(JsonNode content) {
    try {
      byte[] text = canonical(content).toString().getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
