package io.ubernetes.federation.health;

import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.workload.StatusFeedbackValidator;

/** Checks a {@link HealthRuleSpec}: a kind, a healthy check, each check of exactly one form. */
final class HealthRuleValidator {
  private HealthRuleValidator() {}

  static void validate(HealthRuleSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return;
    }
    if (spec.kind() == null || spec.kind().isBlank()) {
      errors.required("spec.kind");
    }
    if (spec.apiVersion() != null && spec.apiVersion().isBlank()) {
      errors.add("spec.apiVersion", "must not be blank; omit it for any version of the kind");
    }
    if (spec.healthy() == null) {
      errors.required("spec.healthy");
    } else {
      check(spec.healthy(), "spec.healthy", errors);
    }
    if (spec.degraded() != null) {
      check(spec.degraded(), "spec.degraded", errors);
    }
  }

  private static void check(HealthRuleSpec.Check check, String field, FieldErrors errors) {
    boolean path = check.jsonPath() != null;
    boolean cel = check.cel() != null;
    if (path == cel) {
      errors.add(field, "exactly one of jsonPath (with value) or cel");
      return;
    }
    if (path) {
      StatusFeedbackValidator.jsonPath(check.jsonPath(), field + ".jsonPath", errors);
      if (check.value() == null) {
        errors.required(field + ".value");
      }
      return;
    }
    if (check.value() != null) {
      errors.add(field + ".value", "only with jsonPath; a cel expression yields the verdict");
    }
    CelCheck.compile(check.cel()).error().ifPresent(message -> errors.add(field + ".cel", message));
  }
}
