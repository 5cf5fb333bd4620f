package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
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

  /** Server-side apply's configuration, YAML or JSON (see {@link ResourceStore#apply}). */
  String APPLY_PATCH_YAML = "application/apply-patch+yaml";

  /** The patch a PATCH request carries, by its content type. */
  static Patch of(MediaType contentType, JsonNode body) {
    if (contentType.isCompatibleWith(MediaType.parseMediaType(JSON_PATCH_JSON))) {
      return new JsonPatch(body);
    }
    return new MergePatch(body);
  }

  /**
   * Returns the patched document; {@code document} is left untouched.
   *
   * @param maxBytes the size the patched document may have (see {@link ObjectSizeLimit}): a patch
   *     that would make it larger is refused with 413, a JSON patch at the operation that would
   */
  JsonNode apply(JsonNode document, long maxBytes);

  /** Applies the patch within the default object size limit. */
  default JsonNode apply(JsonNode document) {
    return apply(document, ObjectSizeLimit.DEFAULT_BYTES);
  }

  /** RFC 7386: objects merge recursively, {@code null} removes, anything else replaces. */
  record MergePatch(JsonNode patch) implements Patch {
    /** A merge can only add what the patch holds, so the result is measured once, at the end. */
    @Override
    public JsonNode apply(JsonNode document, long maxBytes) {
      JsonNode merged = merge(document, patch);
      ObjectSizeLimit.check(merged, maxBytes);
      return merged;
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
      if (operations.size() > PatchWork.MAX_OPERATIONS) {
        throw ApiException.tooLarge(
            "body",
            "a JSON patch holds at most "
                + PatchWork.MAX_OPERATIONS
                + " operations, this one "
                + operations.size());
      }
      for (int i = 0; i < operations.size(); i++) {
        Operation.parse(operations.get(i), "[" + i + "]");
      }
    }

    @Override
    public JsonNode apply(JsonNode document, long maxBytes) {
      JsonNode result = document.deepCopy();
      PatchWork work = new PatchWork(maxBytes, result);
      for (int i = 0; i < operations.size(); i++) {
        String field = "[" + i + "]";
        work.operation(field);
        result = Operation.parse(operations.get(i), field).applyTo(result, work);
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

    /** Applies the operation, within the bounds of {@code work}. */
    JsonNode applyTo(JsonNode document, PatchWork work) {
      return switch (op) {
        case "add" -> add(document, path, value::deepCopy, work.measure(value), work);
        case "remove" -> {
          remove(document, path, work);
          yield document;
        }
        case "replace" -> {
          if (path.isEmpty()) {
            yield add(document, path, value::deepCopy, work.measure(value), work);
          }
          get(document, path, ".path");
          remove(document, path, work);
          yield add(document, path, value::deepCopy, work.measure(value), work);
        }
        case "move" -> {
          if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
            throw ApiException.unappliablePatch(field + ".path", "cannot move a value into itself");
          }
          JsonNode moved = get(document, from, ".from");
          long bytes = remove(document, from, work);
          yield add(document, path, () -> moved, bytes, work);
        }
        case "copy" -> {
          JsonNode source = get(document, from, ".from");
          // Measured, and checked against the limit, before the copy is made.
          yield add(document, path, source::deepCopy, work.measure(source), work);
        }
        case "test" -> {
          if (!get(document, path, ".path").equals(NUMBERS_BY_VALUE, value)) {
            throw ApiException.unappliablePatch(field, "test failed for " + render(path));
          }
          yield document;
        }
        default -> throw new IllegalStateException("unvalidated operation " + op);
      };
    }

    /**
     * Adds the value {@code addition} supplies, of {@code bytes} serialized, once the document is
     * known to stay within its limit with it.
     */
    private JsonNode add(
        JsonNode document,
        List<String> target,
        Supplier<JsonNode> addition,
        long bytes,
        PatchWork work) {
      if (target.isEmpty()) {
        work.replaceDocument(bytes);
        return addition.get();
      }
      JsonNode parent = get(document, target.subList(0, target.size() - 1), ".path");
      String last = target.getLast();
      if (parent instanceof ObjectNode object) {
        JsonNode replaced = object.get(last);
        work.resize(
            replaced != null
                ? bytes - work.measure(replaced)
                : bytes + JsonSize.ofName(last) + (object.isEmpty() ? 0 : 1));
        object.set(last, addition.get());
      } else if (parent instanceof ArrayNode array) {
        int index = last.equals("-") ? array.size() : index(last, array.size() + 1, ".path");
        work.shift(array.size() - index);
        work.resize(bytes + (array.isEmpty() ? 0 : 1));
        array.insert(index, addition.get());
      } else {
        throw ApiException.unappliablePatch(
            field + ".path", "the parent of " + render(target) + " is not an object or array");
      }
      return document;
    }

    /** Removes the value at {@code target}; returns its size. */
    private long remove(JsonNode document, List<String> target, PatchWork work) {
      if (target.isEmpty()) {
        throw ApiException.unappliablePatch(field + ".path", "cannot remove the whole document");
      }
      JsonNode parent = get(document, target.subList(0, target.size() - 1), ".path");
      String last = target.getLast();
      if (parent instanceof ObjectNode object && object.has(last)) {
        long bytes = work.measure(object.get(last));
        work.resize(-(bytes + JsonSize.ofName(last) + (object.size() > 1 ? 1 : 0)));
        object.remove(last);
        return bytes;
      } else if (parent instanceof ArrayNode array) {
        int index = index(last, array.size(), ".path");
        long bytes = work.measure(array.get(index));
        work.shift(array.size() - index - 1);
        work.resize(-(bytes + (array.size() > 1 ? 1 : 0)));
        array.remove(index);
        return bytes;
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
