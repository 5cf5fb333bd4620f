package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reading the API's JSON, where any field may be absent. */
final class Json {
  private Json() {}

  /** The text at {@code path} (field names), or null when absent. */
  static String text(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  /** The whole number at {@code path}, or null when absent. */
  static Integer integer(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isNumber() ? value.intValue() : null;
  }

  /** The RFC 3339 time at {@code path}, or null when absent or not a time. */
  static Instant instant(JsonNode node, String... path) {
    String text = text(node, path);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static Double decimal(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isNumber() ? value.doubleValue() : null;
  }

  /** The elements of the array at {@code path}, none when absent. */
  static List<JsonNode> list(JsonNode node, String... path) {
    List<JsonNode> elements = new ArrayList<>();
    at(node, path).forEach(elements::add);
    return elements;
  }

  static JsonNode at(JsonNode node, String... path) {
    JsonNode value = node;
    for (String field : path) {
      value = value.path(field);
    }
    return value;
  }

  /** The condition of {@code type} among the object's {@code status.conditions}, or null. */
  static JsonNode condition(JsonNode object, String type) {
    return list(object, "status", "conditions").stream()
        .filter(c -> type.equals(c.path("type").asText()))
        .findFirst()
        .orElse(null);
  }
}
