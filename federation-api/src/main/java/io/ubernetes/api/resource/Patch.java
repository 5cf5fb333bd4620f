package io.ubernetes.api.resource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A change to an object's document, in one of the two standard patch formats. */
public sealed interface Patch permits Patch.MergePatch, Patch.JsonPatch {
  String MERGE_PATCH_JSON = "application/merge-patch+json";
  String JSON_PATCH_JSON = "application/json-patch+json";

  /** The patch a PATCH request carries, by its content type. */
  static Patch of(MediaType contentType, JsonNode body) {
    if (contentType.isCompatibleWith(MediaType.parseMediaType(JSON_PATCH_JSON))) {
      return new JsonPatch(body);
    }
    return new MergePatch(body);
  }

  /** Returns the patched document; {@code document} is left untouched. */
  JsonNode apply(JsonNode document);

  /** RFC 7386: objects merge recursively, {@code null} removes, anything else replaces. */
  record MergePatch(JsonNode patch) implements Patch {
    @Override
    public JsonNode apply(JsonNode document) {
      return merge(document, patch);
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
      if (!patch.isObject()) {
        return patch.deepCopy();
      }
      ObjectNode result =
          target != null && target.isObject()
              ? (ObjectNode) target.deepCopy()
              : JsonNodeFactory.instance.objectNode();
      for (var property : patch.properties()) {
        if (property.getValue().isNull()) {
          result.remove(property.getKey());
        } else {
          result.set(property.getKey(), merge(result.get(property.getKey()), property.getValue()));
        }
      }
      return result;
    }
  }

  /** RFC 6902: a list of add, remove, replace, move, copy and test operations, all or nothing. */
  record JsonPatch(JsonNode operations) implements Patch {
    public JsonPatch {
      if (!operations.isArray()) {
        throw ApiException.badRequest("body", "a JSON patch must be an array of operations");
      }
      for (int i = 0; i < operations.size(); i++) {
        Operation.parse(operations.get(i), "[" + i + "]");
      }
    }

    @Override
    public JsonNode apply(JsonNode document) {
      JsonNode result = document.deepCopy();
      for (int i = 0; i < operations.size(); i++) {
        result = Operation.parse(operations.get(i), "[" + i + "]").applyTo(result);
      }
      return result;
    }
  }

  /** One JSON patch operation; also used to validate per-cluster overrides. */
  record Operation(String field, String op, List<String> path, List<String> from, JsonNode value) {
    /** RFC 6902, 4.6: numbers are equal when their values are, whatever their notation. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
        (a, b) ->
            a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1;

    /** Parses and validates one operation; {@code field} names it in errors. */
    public static Operation parse(JsonNode node, String field) {
      if (!node.isObject()) {
        throw ApiException.badRequest(field, "an operation must be an object");
      }
      String op = text(node, "op", field);
      List<String> path = pointer(text(node, "path", field), field + ".path");
      List<String> from = null;
      JsonNode value = node.get("value");
      switch (op) {
        case "add", "replace", "test" -> {
          if (value == null) {
            throw ApiException.badRequest(field + ".value", "required for \"" + op + "\"");
          }
        }
        case "move", "copy" -> from = pointer(text(node, "from", field), field + ".from");
        case "remove" -> {}
        default ->
            throw ApiException.badRequest(
                field + ".op",
                "unsupported operation \""
                    + op
                    + "\": use add, remove, replace, move, copy or test");
      }
      return new Operation(field, op, path, from, value);
    }

    JsonNode applyTo(JsonNode document) {
      return switch (op) {
        case "add" -> add(document, path, value.deepCopy());
        case "remove" -> {
          remove(document, path);
          yield document;
        }
        case "replace" -> {
          if (path.isEmpty()) {
            yield value.deepCopy();
          }
          get(document, path, ".path");
          remove(document, path);
          yield add(document, path, value.deepCopy());
        }
        case "move" -> {
          if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
            throw ApiException.unappliablePatch(field + ".path", "cannot move a value into itself");
          }
          JsonNode moved = get(document, from, ".from");
          remove(document, from);
          yield add(document, path, moved);
        }
        case "copy" -> add(document, path, get(document, from, ".from").deepCopy());
        case "test" -> {
          if (!get(document, path, ".path").equals(NUMBERS_BY_VALUE, value)) {
            throw ApiException.unappliablePatch(field, "test failed for " + render(path));
          }
          yield document;
        }
        default -> throw new IllegalStateException("unvalidated operation " + op);
      };
    }

    private JsonNode add(JsonNode document, List<String> target, JsonNode addition) {
      if (target.isEmpty()) {
        return addition;
      }
      JsonNode parent = get(document, target.subList(0, target.size() - 1), ".path");
      String last = target.getLast();
      if (parent instanceof ObjectNode object) {
        object.set(last, addition);
      } else if (parent instanceof ArrayNode array) {
        int index = last.equals("-") ? array.size() : index(last, array.size() + 1, ".path");
        array.insert(index, addition);
      } else {
        throw ApiException.unappliablePatch(
            field + ".path", "the parent of " + render(target) + " is not an object or array");
      }
      return document;
    }

    private void remove(JsonNode document, List<String> target) {
      if (target.isEmpty()) {
        throw ApiException.unappliablePatch(field + ".path", "cannot remove the whole document");
      }
      JsonNode parent = get(document, target.subList(0, target.size() - 1), ".path");
      String last = target.getLast();
      if (parent instanceof ObjectNode object && object.has(last)) {
        object.remove(last);
      } else if (parent instanceof ArrayNode array) {
        array.remove(index(last, array.size(), ".path"));
      } else {
        throw ApiException.unappliablePatch(field + ".path", render(target) + " does not exist");
      }
    }

    private JsonNode get(JsonNode document, List<String> target, String suffix) {
      JsonNode node = document;
      for (String token : target) {
        if (node.isObject()) {
          node = node.get(token);
        } else if (node.isArray()) {
          node = node.get(index(token, node.size(), suffix));
        } else {
          node = null;
        }
        if (node == null) {
          throw ApiException.unappliablePatch(field + suffix, render(target) + " does not exist");
        }
      }
      return node;
    }

    private int index(String token, int bound, String suffix) {
      boolean digits = !token.isEmpty() && token.chars().allMatch(Character::isDigit);
      if (!digits || (token.length() > 1 && token.charAt(0) == '0') || token.length() > 9) {
        throw ApiException.unappliablePatch(
            field + suffix, "\"" + token + "\" is not an array index");
      }
      int index = Integer.parseInt(token);
      if (index >= bound) {
        throw ApiException.unappliablePatch(field + suffix, "index " + index + " is out of bounds");
      }
      return index;
    }

    private static String text(JsonNode node, String name, String field) {
      JsonNode value = node.get(name);
      if (value == null || !value.isString()) {
        throw ApiException.badRequest(field + "." + name, "required, as a string");
      }
      return value.asString();
    }

    /** A '~' not followed by '0' or '1' (RFC 6901, section 3). */
    private static final Pattern INVALID_ESCAPE = Pattern.compile("~(?![01])");

    /** Splits an RFC 6901 JSON pointer into its unescaped reference tokens. */
    static List<String> pointer(String pointer, String field) {
      if (pointer.isEmpty()) {
        return List.of();
      }
      if (pointer.charAt(0) != '/') {
        throw ApiException.badRequest(
            field, "\"" + pointer + "\" is not a JSON pointer: it must start with '/'");
      }
      List<String> tokens = new ArrayList<>();
      for (String token : pointer.substring(1).split("/", -1)) {
        if (INVALID_ESCAPE.matcher(token).find()) {
          throw ApiException.badRequest(
              field, "\"" + pointer + "\" has an invalid escape: use ~0 or ~1");
        }
        tokens.add(token.replace("~1", "/").replace("~0", "~"));
      }
      return List.copyOf(tokens);
    }

    /** Renders reference tokens as a JSON pointer. */
    public static String render(List<String> tokens) {
      StringBuilder pointer = new StringBuilder();
      for (String token : tokens) {
        pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
      }
      return pointer.isEmpty() ? "the document" : pointer.toString();
    }
  }
}
