package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.JsonPath;
import io.ubernetes.federation.resource.FieldErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workload's {@code spec.statusFeedback}: each entry names a kind and at least one field,
 * every field name is unique within the workload (the values of every entry that names an object
 * are reported in one map), and every path is a JSONPath the agents can evaluate.
 */
public final class StatusFeedbackValidator {
  public static final int MAX_ENTRIES = 32;
  public static final int MAX_PATHS = 16;
  public static final int MAX_PATH_LENGTH = 512;

  /** Names of fields; a {@code /} is kept for the federation's own names (health rules). */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");

  private StatusFeedbackValidator() {}

  static void validate(List<StatusFeedback> feedback, String field, FieldErrors errors) {
    if (feedback.size() > MAX_ENTRIES) {
      errors.add(field, "at most " + MAX_ENTRIES + " entries, got " + feedback.size());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < feedback.size(); i++) {
      String entry = field + "[" + i + "]";
      StatusFeedback rule = feedback.get(i);
      if (rule == null) {
        errors.required(entry);
        continue;
      }
      if (rule.kind() == null || rule.kind().isBlank()) {
        errors.required(entry + ".kind");
      }
      if (rule.jsonPaths().isEmpty()) {
        errors.add(entry + ".jsonPaths", "must name at least one field");
      } else if (rule.jsonPaths().size() > MAX_PATHS) {
        errors.add(
            entry + ".jsonPaths",
            "at most " + MAX_PATHS + " fields, got " + rule.jsonPaths().size());
      }
      for (int j = 0; j < rule.jsonPaths().size(); j++) {
        String path = entry + ".jsonPaths[" + j + "]";
        StatusFeedback.JsonPathField jsonPath = rule.jsonPaths().get(j);
        if (jsonPath == null) {
          errors.required(path);
          continue;
        }
        if (jsonPath.name() == null || jsonPath.name().isBlank()) {
          errors.required(path + ".name");
        } else if (!NAME.matcher(jsonPath.name()).matches()) {
          errors.add(
              path + ".name",
              "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or"
                  + " digit");
        } else if (!names.add(jsonPath.name())) {
          errors.add(path + ".name", "duplicate name \"" + jsonPath.name() + "\"");
        }
        jsonPath(jsonPath.path(), path + ".path", errors);
      }
    }
  }

  /** A JSONPath the agents can evaluate; the parser's words when it is not. */
  public static void jsonPath(String path, String field, FieldErrors errors) {
    if (path == null || path.isBlank()) {
      errors.required(field);
      return;
    }
    if (path.length() > MAX_PATH_LENGTH) {
      errors.add(field, "at most " + MAX_PATH_LENGTH + " characters");
      return;
    }
    try {
      JsonPath.parse(path);
    } catch (JsonPath.InvalidJsonPathException e) {
      errors.add(field, "not a JSONPath the agents can evaluate: " + e.getMessage());
    }
  }
}
