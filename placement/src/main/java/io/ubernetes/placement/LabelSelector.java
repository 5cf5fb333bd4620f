package io.ubernetes.placement;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Selects clusters by their labels, with Kubernetes' {@code LabelSelector} semantics. */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  /** Selects every cluster. */
  public static final LabelSelector ALL = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels =
        matchLabels == null
            ? Map.of()
            : Collections.unmodifiableSortedMap(new TreeMap<>(matchLabels));
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
  }

  /** How a {@link Requirement} tests a label. */
  public enum Operator {
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  /** One expression of a selector. */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = values == null ? List.of() : List.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      return matchesValue(labels.get(key));
    }

    /** Whether a cluster whose label {@code key} has this value (null: no such label) matches. */
    boolean matchesValue(String value) {
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }

    /** How a label set that does not match fails, e.g. {@code region not in [eu-central]}. */
    String failure() {
      return switch (operator) {
        case IN, NOT_IN ->
            shortKey(key) + " " + (operator == Operator.IN ? "not in " : "in ") + values;
        case EXISTS -> "no " + shortKey(key) + " label";
        case DOES_NOT_EXIST -> "has a " + shortKey(key) + " label";
      };
    }
  }

  public boolean isEverything() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    return mismatch(labels) == null;
  }

  /**
   * Why {@code labels} do not match, e.g. {@code region not in [eu-central, eu-west]}; null if they
   * do.
   */
  public String mismatch(Map<String, String> labels) {
    for (Map.Entry<String, String> required : matchLabels.entrySet()) {
      if (!required.getValue().equals(labels.get(required.getKey()))) {
        return shortKey(required.getKey()) + " is not " + required.getValue();
      }
    }
    for (Requirement requirement : matchExpressions) {
      if (!requirement.matches(labels)) {
        return requirement.failure();
      }
    }
    return null;
  }

  /**
   * The selector as a list of checks, each with the text that explains its failure, computed once
   * so that filtering many clusters does not build strings.
   */
  List<Check> checks() {
    List<Check> checks = new java.util.ArrayList<>();
    matchLabels.forEach(
        (key, value) ->
            checks.add(
                new Check(
                    new Requirement(key, Operator.IN, List.of(value)),
                    shortKey(key) + " is not " + value)));
    for (Requirement requirement : matchExpressions) {
      checks.add(new Check(requirement, requirement.failure()));
    }
    return checks;
  }

  /** One precompiled requirement and the diagnosis of its failure. */
  record Check(Requirement requirement, String failure) {}

  /** {@code topology.kubernetes.io/region} reads as {@code region} in diagnoses. */
  static String shortKey(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? key : key.substring(slash + 1);
  }
}
