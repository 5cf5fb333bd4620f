package io.ubernetes.federation.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.agent.protocol.ObjectStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a health rule judges an object on the values its agent reported: degraded first, then
 * healthy, else progressing; a CEL check that cannot be evaluated makes the object Unknown, saying
 * why; the values reported for the rule are left out of what users see.
 */
class HealthJudgementTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String PATHS =
      """
      {"kind": "Database",
       "healthy": {"jsonPath": ".status.phase", "value": "Ready"},
       "degraded": {"jsonPath": "{.status.conditions[?(@.type==\\"Failed\\")].status}",
                    "value": "True"}}
      """;

  private static final String CEL =
      """
      {"kind": "Database",
       "healthy": {"cel": "object.metadata.generation == object.status.observedGeneration && object.status.phase == 'Ready'"},
       "degraded": {"cel": "object.status.phase == 'Failed'"}}
      """;

  private static final String CEL_COSTLY =
      """
      {"kind": "Database",
       "healthy": {"cel": "object.status.items.all(a, object.status.items.all(b, object.status.items.all(c, a + b + c >= 0)))"}}
      """;

  private static ObjectStatus judge(String rule, String feedback) {
    HealthJudgement judgement =
        new HealthJudgement("db", JSON.readValue(rule, HealthRuleSpec.class));
    Map<String, Object> reported = JSON.readValue(feedback, new TypeReference<>() {});
    return judgement.judge(
        new ObjectStatus(
            "example.com/v1", "Database", "shop", "orders", null, null, null, reported));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          jsonPath healthy                 | PATHS | {"healthRule/healthy": "Ready"}                                        | Healthy     | spec.healthy holds
          jsonPath degraded goes first     | PATHS | {"healthRule/healthy": "Ready", "healthRule/degraded": ["True"]}       | Degraded    | spec.degraded holds
          jsonPath progressing             | PATHS | {"healthRule/healthy": "Creating", "healthRule/degraded": ["False"]}   | Progressing | neither
          jsonPath values missing          | PATHS | {}                                                                     | Progressing | neither
          jsonPath number compared as text | NUMBER | {"healthRule/healthy": 3}                                             | Healthy     | spec.healthy holds
          cel healthy                      | CEL   | {"healthRule/status": {"phase": "Ready", "observedGeneration": 2}, "healthRule/generation": 2} | Healthy | spec.healthy holds
          cel stale generation progresses  | CEL   | {"healthRule/status": {"phase": "Ready", "observedGeneration": 1}, "healthRule/generation": 2} | Progressing | neither
          cel degraded                     | CEL   | {"healthRule/status": {"phase": "Failed"}, "healthRule/generation": 2}  | Degraded   | spec.degraded holds
          cel status missing is Unknown    | CEL   | {"healthRule/generation": 2}                                            | Unknown    | status
          cel field missing is Unknown     | CEL   | {"healthRule/status": {}, "healthRule/generation": 2}                   | Unknown    | phase
          cel over its cost is Unknown     | COSTLY | {"healthRule/status": {"items": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}} | Unknown | evaluation stopped
          """)
  void judgesAnObject(String name, String rule, String feedback, String health, String message) {
    String spec =
        switch (rule) {
          case "PATHS" -> PATHS;
          case "CEL" -> CEL;
          case "COSTLY" -> CEL_COSTLY;
          default ->
              "{\"kind\": \"Database\", \"healthy\": {\"jsonPath\": \".status.shards\","
                  + " \"value\": \"3\"}}";
        };
    ObjectStatus judged = judge(spec, feedback);
    assertThat(judged.health()).isEqualTo(health);
    assertThat(judged.reason()).isEqualTo("HealthRule/db");
    assertThat(judged.message()).contains(message);
  }

  @Test
  void leavesTheValuesReportedForTheRuleOutOfWhatUsersSee() {
    ObjectStatus judged = judge(PATHS, "{\"healthRule/healthy\": \"Ready\", \"replicas\": 3}");
    assertThat(judged.feedback()).containsOnlyKeys("replicas");
  }

  @Test
  void asksForTheFieldsItsChecksRead() {
    FeedbackRule paths =
        new HealthJudgement("db", JSON.readValue(PATHS, HealthRuleSpec.class)).feedback();
    assertThat(paths.kind()).isEqualTo("Database");
    assertThat(paths.name()).isNull();
    assertThat(paths.paths())
        .extracting(FeedbackRule.FeedbackPath::name, FeedbackRule.FeedbackPath::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("healthRule/healthy", ".status.phase"),
            org.assertj.core.groups.Tuple.tuple(
                "healthRule/degraded", "{.status.conditions[?(@.type==\"Failed\")].status}"));
    FeedbackRule cel =
        new HealthJudgement("db", JSON.readValue(CEL, HealthRuleSpec.class)).feedback();
    assertThat(cel.paths())
        .extracting(FeedbackRule.FeedbackPath::name, FeedbackRule.FeedbackPath::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("healthRule/status", ".status"),
            org.assertj.core.groups.Tuple.tuple("healthRule/generation", ".metadata.generation"));
    assertThat(HealthRules.asksForHealthRule(cel)).isTrue();
  }
}
