package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.FieldErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class RolloutStrategyValidatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static FieldErrors workloadErrors(String strategy) {
    FieldErrors errors = new FieldErrors();
    RolloutStrategyValidator.validate(
        JSON.readValue(strategy, RolloutStrategySpec.class), "spec.rolloutStrategy", true, errors);
    return errors;
  }

  private static FieldErrors controlErrors(String control) {
    FieldErrors errors = new FieldErrors();
    RolloutStrategyValidator.control(
        JSON.readValue(control, RolloutControl.class), "spec.rolloutControl", errors);
    return errors;
  }

  @Test
  void acceptsAReferenceOrStagesWithEveryFieldSet() {
    String stages =
        """
        {"stages": [
           {"name": "canary", "clusterSelector": {"matchLabels": {"ubernetes.io/rollout-ring": "canary"}},
            "orderBy": "topology.kubernetes.io/zone", "maxConcurrency": 1, "maxFailures": 0,
            "minReadyTime": "30s", "approval": false, "progressDeadline": "10m",
            "countLeavingAsFailure": true},
           {"name": "eu", "maxConcurrency": "100%", "minReadyTime": "1h30m", "progressDeadline": "2h"},
           {"name": "us", "maxConcurrency": "1%", "maxFailures": 3, "approval": true}],
         "onFailure": "Pause"}
        """;

    assertThat(workloadErrors(stages).list()).isEmpty();
    assertThat(workloadErrors("{\"strategyRef\": \"canary-then-eu\"}").list()).isEmpty();
    assertThat(
            workloadErrors("{\"stages\": [{\"name\": \"all\"}], \"onFailure\": \"Rollback\"}")
                .list())
        .isEmpty();
  }

  @Test
  void aRolloutStrategyCannotReferToAnother() {
    FieldErrors errors = new FieldErrors();

    RolloutStrategyValidator.validate(
        JSON.readValue("{\"strategyRef\": \"other\"}", RolloutStrategySpec.class),
        "spec",
        false,
        errors);

    assertThat(errors.list())
        .singleElement()
        .satisfies(error -> assertThat(error.field()).isEqualTo("spec.strategyRef"));
  }

  @Test
  void aRolloutStrategyNeedsStages() {
    FieldErrors errors = new FieldErrors();

    RolloutStrategyValidator.validate(
        JSON.readValue("{\"onFailure\": \"Pause\"}", RolloutStrategySpec.class),
        "spec",
        false,
        errors);

    assertThat(errors.list())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("spec.stages");
              assertThat(error.message()).isEqualTo("required");
            });
  }

  // spotless:off
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {}                                                                | spec.rolloutStrategy.stages                     | required unless strategyRef names a RolloutStrategy
          {"strategyRef": "eu", "stages": [{"name": "a"}]}                  | spec.rolloutStrategy                            | either strategyRef or stages and onFailure, not both
          {"strategyRef": "eu", "onFailure": "Pause"}                       | spec.rolloutStrategy                            | either strategyRef or stages and onFailure, not both
          {"strategyRef": "Not_A_Name"}                                     | spec.rolloutStrategy.strategyRef                | must be a DNS-1123 subdomain
          {"stages": [{"name": "a"}], "onFailure": "Retry"}                 | spec.rolloutStrategy.onFailure                  | must be Rollback or Pause, got "Retry"
          {"stages": [{}]}                                                  | spec.rolloutStrategy.stages[0].name             | required
          {"stages": [{"name": "a"}, {"name": "Canary"}]}                   | spec.rolloutStrategy.stages[1].name             | must be a DNS-1123 label
          {"stages": [{"name": "a"}, {"name": "a.b"}]}                      | spec.rolloutStrategy.stages[1].name             | must be a DNS-1123 label
          {"stages": [{"name": "a"}, {"name": "a"}]}                        | spec.rolloutStrategy.stages[1].name             | duplicate stage "a"
          {"stages": [{"name": "rest"}]}                                    | spec.rolloutStrategy.stages[0].name             | "rest" is the implicit last stage
          {"stages": [{"name": "a", "clusterSelector": {"matchLabels": {"-bad": "x"}}}]} | spec.rolloutStrategy.stages[0].clusterSelector.matchLabels | must be a qualified name
          {"stages": [{"name": "a", "clusterSelector": {"matchExpressions": [{"key": "tier", "operator": "In"}]}}]} | spec.rolloutStrategy.stages[0].clusterSelector.matchExpressions[0].values | must not be empty
          {"stages": [{"name": "a", "orderBy": "a/b/c"}]}                   | spec.rolloutStrategy.stages[0].orderBy          | must be a qualified name
          {"stages": [{"name": "a"}, {"name": "b", "maxConcurrency": 0}]}   | spec.rolloutStrategy.stages[1].maxConcurrency   | must be at least 1 or 1%, got 0
          {"stages": [{"name": "a"}, {"name": "b", "maxConcurrency": "0%"}]} | spec.rolloutStrategy.stages[1].maxConcurrency  | must be at least 1 or 1%, got 0%
          {"stages": [{"name": "a", "maxConcurrency": -1}]}                 | spec.rolloutStrategy.stages[0].maxConcurrency   | must be between 0 and 10000, got -1
          {"stages": [{"name": "a", "maxConcurrency": "101%"}]}             | spec.rolloutStrategy.stages[0].maxConcurrency   | must be between 0% and 100%, got "101%"
          {"stages": [{"name": "a", "maxConcurrency": "half"}]}             | spec.rolloutStrategy.stages[0].maxConcurrency   | must be an integer or a percentage
          {"stages": [{"name": "a", "maxFailures": -1}]}                    | spec.rolloutStrategy.stages[0].maxFailures      | must be between 0 and 10000, got -1
          {"stages": [{"name": "a", "minReadyTime": "30"}]}                 | spec.rolloutStrategy.stages[0].minReadyTime     | must be a duration such as "90s"
          {"stages": [{"name": "a", "minReadyTime": "-5s"}]}                | spec.rolloutStrategy.stages[0].minReadyTime     | must be a duration such as "90s"
          {"stages": [{"name": "a", "progressDeadline": "ten minutes"}]}    | spec.rolloutStrategy.stages[0].progressDeadline | must be a duration such as "90s"
          {"stages": [{"name": "a", "progressDeadline": "0s"}]}             | spec.rolloutStrategy.stages[0].progressDeadline | must be longer than 0s
          {"stages": [{"name": "a", "minReadyTime": "5m", "progressDeadline": "5m"}]} | spec.rolloutStrategy.stages[0].progressDeadline | must be longer than minReadyTime (5m)
          {"stages": [{"name": "a", "minReadyTime": "15m"}]}                | spec.rolloutStrategy.stages[0].progressDeadline | got the default 10m
          """)
  // spotless:on
  void reportsEachBrokenRuleOfAStrategyAtItsField(String json, String field, String message) {
    assertThat(workloadErrors(json).list())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo(field);
              assertThat(error.message()).contains(message);
            });
  }

  @Test
  void refusesMoreStagesThanAnyoneNeeds() {
    StringBuilder stages = new StringBuilder("{\"stages\": [");
    for (int i = 0; i <= RolloutStrategyValidator.MAX_STAGES; i++) {
      stages.append(i == 0 ? "" : ", ").append("{\"name\": \"s").append(i).append("\"}");
    }

    assertThat(workloadErrors(stages.append("]}").toString()).list())
        .singleElement()
        .satisfies(error -> assertThat(error.field()).isEqualTo("spec.rolloutStrategy.stages"));
  }

  // spotless:off
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"approve": "eu"}                | spec.rolloutControl.approve    | must be <stage>@<revision>
          {"approve": "eu@0"}              | spec.rolloutControl.approve    | must be <stage>@<revision>
          {"approve": "eu@-1"}             | spec.rolloutControl.approve    | must be <stage>@<revision>
          {"approve": "EU@3"}              | spec.rolloutControl.approve    | must be <stage>@<revision>
          {"approve": "@3"}                | spec.rolloutControl.approve    | must be <stage>@<revision>
          {"approve": "eu@3@4"}            | spec.rolloutControl.approve    | must be <stage>@<revision>
          {"abort": 0}                     | spec.rolloutControl.abort      | must be a revision, at least 1, got 0
          {"rollbackTo": -2}               | spec.rolloutControl.rollbackTo | must be a revision, at least 1, got -2
          """)
  // spotless:on
  void reportsEachBrokenRuleOfAControlAtItsField(String json, String field, String message) {
    assertThat(controlErrors(json).list())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo(field);
              assertThat(error.message()).contains(message);
            });
  }

  @Test
  void acceptsEveryControlWellWritten() {
    assertThat(
            controlErrors(
                    "{\"paused\": true, \"approve\": \"eu@3\", \"abort\": 3, \"rollbackTo\": 2}")
                .list())
        .isEmpty();
    assertThat(controlErrors("{\"approve\": \"rest@12\"}").list()).isEmpty();
  }
}
