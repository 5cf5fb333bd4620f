package io.ubernetes.federation.resource;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;

/**
 * Text the store can keep exactly as it came: valid Unicode without NUL. PostgreSQL's {@code text}
 * and {@code jsonb} cannot hold a NUL character ({@code \u0000}), and an unpaired UTF-16 surrogate
 * ({@code \ud800} alone) has no UTF-8 form, so it would be stored as {@code ?}: both are refused
 * with 400 naming where they are, instead of failing in the database or being changed silently.
 * Every other character, control characters included, is kept.
 */
public final class StorableText {
  private StorableText() {}

  /** What makes {@code text} unstorable, or null when it can be stored as it is. */
  public static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "contains a NUL character (\\u0000), which cannot be stored";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired surrogate (\\u"
            + Integer.toHexString(c)
            + "), which is not valid Unicode";
      }
    }
    return null;
  }

  /**
   * Refuses with 400 a request parameter (or path) whose name or value cannot be stored.
   *
   * @param field how the error names it: the parameter's name
   */
  public static void check(String field, String value) {
    String problem = value == null ? null : problem(value);
    if (problem != null) {
      throw ApiException.badRequest(field, problem);
    }
  }

  /**
   * Reads a whole JSON or YAML document from {@code parser} and refuses with 400 the first name or
   * string in it that cannot be stored, naming it as the other validation errors do ({@code
   * metadata.annotations.note}; a name by the object that holds it). Malformed syntax is thrown as
   * the parser throws it.
   */
  public static void check(JsonParser parser) {
    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
      if (token == JsonToken.PROPERTY_NAME) {
        String problem = problem(parser.currentName());
        if (problem != null) {
          throw ApiException.badRequest(
              path(parser.streamReadContext().getParent()), "a key " + problem);
        }
      } else if (token == JsonToken.VALUE_STRING) {
        String problem = problem(parser.getString());
        if (problem != null) {
          throw ApiException.badRequest(path(parser.streamReadContext()), problem);
        }
      }
    }
  }

  /**
   * {@code spec.containers[0].image} for the value the context is at; {@code body} for the root.
   */
  private static String path(TokenStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (TokenStreamContext step = context;
        step != null && !step.inRoot();
        step = step.getParent()) {
      String segment =
          step.inArray()
              ? "[" + Math.max(step.getCurrentIndex(), 0) + "]"
              : step.currentName() == null ? "" : "." + step.currentName();
      path.insert(0, segment);
    }
    String field = path.toString();
    if (field.startsWith(".")) {
      field = field.substring(1);
    }
    return field.isEmpty() ? "body" : field;
  }
}
