package io.ubernetes.federation.resource;

import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a document whose objects may set a field twice, as Kubernetes' decoder reads it: the last
 * value wins, and each field set again is named by its path ({@code spec.replicas}, {@code
 * spec.ports[0].port}), for the write's field validation to refuse, warn about or ignore (see
 * {@link FieldErrors#decoded}). The API's readers refuse such documents outright; this one is only
 * asked once they have.
 */
final class RepeatedFields {
  private RepeatedFields() {}

  /**
   * The document in {@code body}, JSON or YAML as {@code reader} reads it, with the paths of the
   * fields it sets again added to {@code repeated}.
   *
   * @throws tools.jackson.core.JacksonException when the body is malformed otherwise
   */
  static JsonNode read(ObjectReader reader, byte[] body, List<String> repeated) {
    try (JsonParser parser =
        reader.without(StreamReadFeature.STRICT_DUPLICATE_DETECTION).createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return null;
      }
      JsonNode document = value(parser, first, "", repeated);
      if (parser.nextToken() != null) {
        return null;
      }
      return document;
    }
  }

  private static JsonNode value(
      JsonParser parser, JsonToken token, String path, List<String> repeated) {
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      for (String name = parser.nextName(); name != null; name = parser.nextName()) {
        String field = path.isEmpty() ? name : path + "." + name;
        JsonNode child = value(parser, parser.nextToken(), field, repeated);
        if (object.has(name)) {
          repeated.add(field);
        }
        object.set(name, child);
      }
      return object;
    }
    if (token == JsonToken.START_ARRAY) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (JsonToken item = parser.nextToken();
          item != JsonToken.END_ARRAY;
          item = parser.nextToken()) {
        list.add(value(parser, item, path + "[" + list.size() + "]", repeated));
      }
      return list;
    }
    return parser.readValueAsTree();
  }
}
