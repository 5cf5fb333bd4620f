package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a client's document into an API type as strictly as ever, but reports every field that does
 * not fit instead of stopping at the first, so that one answer names them all with the rules the
 * object breaks. A field that cannot be read (unknown, a string for a number, an unknown enum
 * value, a list for an object...) is recorded, left out of the document, and the document read
 * again, until it reads or {@value #MAX_UNREADABLE} fields were left out. Only what makes the whole
 * document unreadable (malformed syntax, a body that is no object) is thrown, as a {@link
 * JacksonException}.
 */
public final class ClientDocuments {
  /** Each field left out costs a reading of the document; past this many, the answer is given. */
  static final int MAX_UNREADABLE = 20;

  private ClientDocuments() {}

  /** Reads {@code body}, JSON or YAML as {@code mapper} reads, recording problems in errors. */
  public static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type, FieldErrors errors) {
    ObjectReader reader = mapper.readerFor(type);
    try {
      // Most documents read at once; only those with fields to leave out pay for a tree.
      return reader.readValue(body);
    } catch (StreamReadException e) {
      if (!(e instanceof InputCoercionException)) {
        return read(reader, repeatedFields(reader, body, errors, e), type, errors);
      }
    } catch (JacksonException e) {
      // Read again below, field by field.
    }
    return read(reader, mapper.readTree(body), type, errors);
  }

  /**
   * The document of a body the reader refused as malformed, if all that is wrong with it is fields
   * set twice: each recorded for the write's field validation, the last value kept.
   *
   * @throws StreamReadException {@code refused} when the body is malformed otherwise
   */
  private static JsonNode repeatedFields(
      ObjectReader reader, byte[] body, FieldErrors errors, StreamReadException refused) {
    List<String> repeated = new ArrayList<>();
    JsonNode document;
    try {
      document = RepeatedFields.read(reader, body, repeated);
    } catch (JacksonException e) {
      throw refused;
    }
    if (document == null || repeated.isEmpty()) {
      throw refused;
    }
    repeated.forEach(errors::duplicate);
    return document;
  }

  /** Reads a document already parsed (a patched object), recording problems in errors. */
  static <T> T read(ObjectMapper mapper, JsonNode document, Class<T> type, FieldErrors errors) {
    return read(mapper.readerFor(type), document, type, errors);
  }

  private static <T> T read(
      ObjectReader reader, JsonNode document, Class<T> type, FieldErrors errors) {
    JsonNode tree = document.deepCopy();
    Set<String> leftOut = new HashSet<>();
    for (int unreadable = 1; ; unreadable++) {
      try {
        return reader.readValue(tree);
      } catch (JacksonException e) {
        List<JacksonException.Reference> path = e.getPath();
        if (path.isEmpty()) {
          throw e;
        }
        FieldError error = JacksonErrors.fieldError(e);
        if (e instanceof UnrecognizedPropertyException) {
          errors.unknown(error.field(), error.message());
        } else {
          errors.unreadable(error.field(), error.message());
        }
        if (unreadable == MAX_UNREADABLE) {
          throw ApiException.invalid(type.getSimpleName(), null, errors.list());
        }
        // A value left out that still cannot be read (a null where none may be): its container
        // goes instead.
        List<JacksonException.Reference> target =
            leftOut.add(error.field()) ? path : path.subList(0, path.size() - 1);
        if (target.isEmpty()) {
          throw e;
        }
        leaveOut(tree, target);
      }
    }
  }

  /** Removes the value at {@code path} from its object, or makes it null in its list. */
  private static void leaveOut(JsonNode tree, List<JacksonException.Reference> path) {
    JsonNode container = tree;
    for (JacksonException.Reference step : path.subList(0, path.size() - 1)) {
      container =
          step.getPropertyName() != null
              ? container.path(step.getPropertyName())
              : container.path(step.getIndex());
    }
    JacksonException.Reference last = path.getLast();
    if (container instanceof ObjectNode object && last.getPropertyName() != null) {
      object.remove(last.getPropertyName());
    } else if (container instanceof ArrayNode list
        && last.getIndex() >= 0
        && last.getIndex() < list.size()) {
      // Not removed, so that the elements after it keep their index, and their errors' names.
      list.set(last.getIndex(), NullNode.getInstance());
    }
  }
}
