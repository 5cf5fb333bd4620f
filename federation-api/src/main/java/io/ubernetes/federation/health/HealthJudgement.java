package io.ubernetes.federation.health;

import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.agent.protocol.ObjectStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One health rule, ready to judge: the status fields it needs reported back (under names of the
 * federation's own, with a {@code /} no workload's {@code statusFeedback} may use), and the verdict
 * it gives on what the agent reported. The degraded check goes first, then the healthy one;
 * Progressing when neither holds; Unknown when a CEL check cannot be evaluated, with the reason.
 */
final class HealthJudgement {
  /** The prefix of every feedback name the federation reserves for health rules. */
  static final String RESERVED = "healthRule/";

  static final String HEALTHY_VALUE = RESERVED + "healthy";
  static final String DEGRADED_VALUE = RESERVED + "degraded";
  static final String STATUS = RESERVED + "status";
  static final String GENERATION = RESERVED + "generation";

  private final String name;
  private final HealthRuleSpec spec;
  private final CelCheck healthyCel;
  private final CelCheck degradedCel;

  HealthJudgement(String name, HealthRuleSpec spec) {
    this.name = name;
    this.spec = spec;
    this.healthyCel = cel(spec.healthy());
    this.degradedCel = cel(spec.degraded());
  }

  String name() {
    return name;
  }

  HealthRuleSpec spec() {
    return spec;
  }

  /** Whether the rule is about this object's kind (and version, when it names one). */
  boolean judges(String apiVersion, String kind) {
    return spec.kind().equals(kind)
        && (spec.apiVersion() == null || spec.apiVersion().equals(apiVersion));
  }

  /** What the agents must report of each object of the kind for this rule. */
  FeedbackRule feedback() {
    List<FeedbackRule.FeedbackPath> paths = new ArrayList<>();
    if (healthyCel != null || degradedCel != null) {
      paths.add(new FeedbackRule.FeedbackPath(STATUS, ".status"));
      paths.add(new FeedbackRule.FeedbackPath(GENERATION, ".metadata.generation"));
    }
    if (healthyCel == null) {
      paths.add(new FeedbackRule.FeedbackPath(HEALTHY_VALUE, spec.healthy().jsonPath()));
    }
    if (spec.degraded() != null && degradedCel == null) {
      paths.add(new FeedbackRule.FeedbackPath(DEGRADED_VALUE, spec.degraded().jsonPath()));
    }
    return new FeedbackRule(spec.apiVersion(), spec.kind(), null, paths);
  }

  /** The object as this rule judges it, without the values reported for the rule. */
  ObjectStatus judge(ObjectStatus object) {
    Map<String, Object> reported = object.feedback() == null ? Map.of() : object.feedback();
    String health;
    String message;
    try {
      if (spec.degraded() != null
          && holds(spec.degraded(), degradedCel, DEGRADED_VALUE, reported)) {
        health = ObjectStatus.DEGRADED;
        message = "spec.degraded holds";
      } else if (holds(spec.healthy(), healthyCel, HEALTHY_VALUE, reported)) {
        health = ObjectStatus.HEALTHY;
        message = "spec.healthy holds";
      } else {
        health = ObjectStatus.PROGRESSING;
        message = "neither spec.degraded nor spec.healthy holds";
      }
    } catch (CelCheck.EvaluationException e) {
      health = ObjectStatus.UNKNOWN;
      message = e.getMessage();
    }
    return new ObjectStatus(
        object.apiVersion(),
        object.kind(),
        object.namespace(),
        object.name(),
        health,
        HealthRule.KIND + "/" + name,
        message,
        withoutReserved(reported));
  }

  /** The values users asked for, without those the federation asked for its rules. */
  static Map<String, Object> withoutReserved(Map<String, Object> feedback) {
    if (feedback == null) {
      return null;
    }
    Map<String, Object> kept = new LinkedHashMap<>(feedback);
    kept.keySet().removeIf(key -> key.startsWith(RESERVED));
    return kept;
  }

  private static boolean holds(
      HealthRuleSpec.Check check, CelCheck cel, String valueName, Map<String, Object> reported)
      throws CelCheck.EvaluationException {
    if (cel != null) {
      Map<String, Object> object = new LinkedHashMap<>();
      Map<String, Object> metadata = new LinkedHashMap<>();
      Optional.ofNullable(reported.get(GENERATION)).ifPresent(g -> metadata.put("generation", g));
      object.put("metadata", metadata);
      Optional.ofNullable(reported.get(STATUS)).ifPresent(s -> object.put("status", s));
      return cel.test(object);
    }
    Object value = reported.get(valueName);
    if (value instanceof List<?> values) {
      return values.stream().anyMatch(v -> check.value().equals(text(v)));
    }
    return value != null && check.value().equals(text(value));
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static CelCheck cel(HealthRuleSpec.Check check) {
    return check == null || check.cel() == null ? null : CelCheck.compile(check.cel());
  }
}
