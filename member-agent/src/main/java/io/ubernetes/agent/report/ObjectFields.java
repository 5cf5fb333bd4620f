package io.ubernetes.agent.report;

import java.util.List;
import java.util.Map;

/** Reads fields of a live object held as plain JSON values (maps, lists, strings, numbers). */
final class ObjectFields {
  private ObjectFields() {}

  /** The value at these keys, or null when any of them is missing. */
  static Object at(Map<String, Object> object, String... keys) {
    Object current = object;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  static String string(Map<String, Object> object, String... keys) {
    Object value = at(object, keys);
    return value == null ? null : value.toString();
  }

  /** A count, or {@code otherwise} when it is missing or not a number. */
  static long number(Map<String, Object> object, long otherwise, String... keys) {
    return at(object, keys) instanceof Number n ? n.longValue() : otherwise;
  }

  static boolean isTrue(Map<String, Object> object, String... keys) {
    return Boolean.TRUE.equals(at(object, keys));
  }

  static List<?> list(Map<String, Object> object, String... keys) {
    return at(object, keys) instanceof List<?> list ? list : List.of();
  }

  /** The condition of this type in {@code status.conditions}, or null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> condition(Map<String, Object> object, String type) {
    for (Object entry : list(object, "status", "conditions")) {
      if (entry instanceof Map<?, ?> condition && type.equals(condition.get("type"))) {
        return (Map<String, Object>) condition;
      }
    }
    return null;
  }

  /** The API group of an {@code apiVersion}: empty for the core group. */
  static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
