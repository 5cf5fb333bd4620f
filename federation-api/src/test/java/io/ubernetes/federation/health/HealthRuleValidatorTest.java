package io.ubernetes.federation.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Every bad health rule is refused naming its field; a CEL check with the compiler's words. */
class HealthRuleValidatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<FieldError> errors(String spec) {
    FieldErrors errors = new FieldErrors();
    HealthRuleValidator.validate(
        spec == null ? null : JSON.readValue(spec, HealthRuleSpec.class), errors);
    return errors.list();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"healthy": {"jsonPath": ".status.phase", "value": "Ready"}}                          | spec.kind              | required
          {"kind": "Database"}                                                                  | spec.healthy           | required
          {"kind": "Database", "apiVersion": " ", "healthy": {"cel": "true"}}                   | spec.apiVersion        | blank
          {"kind": "Database", "healthy": {}}                                                   | spec.healthy           | exactly one of
          {"kind": "Database", "healthy": {"jsonPath": ".status.phase", "value": "Ready", "cel": "true"}} | spec.healthy  | exactly one of
          {"kind": "Database", "healthy": {"jsonPath": ".status.phase"}}                        | spec.healthy.value     | required
          {"kind": "Database", "healthy": {"jsonPath": ".status[", "value": "Ready"}}           | spec.healthy.jsonPath  | not a JSONPath
          {"kind": "Database", "healthy": {"cel": "true", "value": "Ready"}}                    | spec.healthy.value     | only with jsonPath
          {"kind": "Database", "healthy": {"cel": "object.status.phase =="}}                    | spec.healthy.cel       | mismatched input
          {"kind": "Database", "healthy": {"cel": "'Ready'"}}                                   | spec.healthy.cel       | bool
          {"kind": "Database", "healthy": {"cel": "phase == 'Ready'"}}                          | spec.healthy.cel       | undeclared reference
          {"kind": "Database", "healthy": {"cel": " "}}                                         | spec.healthy.cel       | blank
          {"kind": "Database", "healthy": {"cel": "true"}, "degraded": {"jsonPath": ".status.phase"}} | spec.degraded.value | required
          {"kind": "Database", "healthy": {"cel": "true"}, "degraded": {"cel": "1 + 1"}}        | spec.degraded.cel      | bool
          """)
  void refusesABadRule(String spec, String field, String message) {
    assertThat(errors(spec))
        .anySatisfy(
            error -> {
              assertThat(error.field()).isEqualTo(field);
              assertThat(error.message()).contains(message);
            });
  }

  @Test
  void refusesARuleWithoutSpec() {
    assertThat(errors(null)).extracting(FieldError::field).containsExactly("spec");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"kind": "Database", "healthy": {"jsonPath": ".status.phase", "value": "Ready"}}
          {"apiVersion": "example.com/v1", "kind": "Database", "healthy": {"jsonPath": "{.status.conditions[?(@.type==\\"Ready\\")].status}", "value": "True"}, "degraded": {"cel": "object.status.phase == 'Failed'"}}
          {"kind": "Database", "healthy": {"cel": "object.metadata.generation == object.status.observedGeneration && object.status.phase == 'Ready'"}}
          """)
  void acceptsAGoodRule(String spec) {
    assertThat(errors(spec)).isEmpty();
  }
}
