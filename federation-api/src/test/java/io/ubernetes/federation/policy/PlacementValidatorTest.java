package io.ubernetes.federation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.cluster.TaintEffect;
import io.ubernetes.federation.policy.Placement.Burst;
import io.ubernetes.federation.policy.Placement.CostWeights;
import io.ubernetes.federation.policy.Placement.Mode;
import io.ubernetes.federation.policy.Placement.Toleration;
import io.ubernetes.federation.policy.Placement.TolerationOperator;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class PlacementValidatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Placement placement(String json) {
    return JSON.readValue(json, Placement.class);
  }

  private static FieldErrors errors(Placement placement, boolean inWorkload) {
    FieldErrors errors = new FieldErrors();
    PlacementValidator.admit(placement, "spec.placement", inWorkload, errors);
    return errors;
  }

  @Nested
  class Defaults {

    @Test
    void fillsInModeAndMinimumReplicasPerCluster() {
      FieldErrors errors = new FieldErrors();

      Placement admitted = PlacementValidator.admit(placement("{}"), "spec", false, errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.mode()).isEqualTo(Mode.DIVIDED);
      assertThat(admitted.minReplicasPerCluster()).isZero();
      assertThat(admitted.maxReplicasPerCluster()).isNull();
      assertThat(admitted.maxClusters()).isNull();
      assertThat(admitted.burst()).isNull();
      assertThat(admitted.policyRef()).isNull();
    }

    @Test
    void keepsValuesTheClientSet() {
      FieldErrors errors = new FieldErrors();

      Placement admitted =
          PlacementValidator.admit(
              placement(
                  """
                  {"mode": "Duplicated", "minReplicasPerCluster": 2, "maxReplicasPerCluster": 5,
                   "maxClusters": 3,
                   "tolerations": [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}],
                   "burst": {"tiers": ["onprem"], "maxUtilization": 0.5, "scaleBackAfterSeconds": 0}}
                  """),
              "spec",
              false,
              errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.mode()).isEqualTo(Mode.DUPLICATED);
      assertThat(admitted.minReplicasPerCluster()).isEqualTo(2);
      assertThat(admitted.maxReplicasPerCluster()).isEqualTo(5);
      assertThat(admitted.maxClusters()).isEqualTo(3);
      assertThat(admitted.tolerations())
          .containsExactly(
              new Toleration("gpu", TolerationOperator.EXISTS, null, TaintEffect.NO_SCHEDULE));
      assertThat(admitted.burst()).isEqualTo(new Burst(List.of("onprem"), 0.5, 0));
    }

    @Test
    void defaultsTheTolerationOperatorToEqual() {
      FieldErrors errors = new FieldErrors();

      Placement admitted =
          PlacementValidator.admit(
              placement("{\"tolerations\": [{\"key\": \"gpu\", \"value\": \"a100\"}]}"),
              "spec",
              false,
              errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.tolerations())
          .containsExactly(new Toleration("gpu", TolerationOperator.EQUAL, "a100", null));
    }

    @Test
    void defaultsBurstUtilizationAndScaleBack() {
      FieldErrors errors = new FieldErrors();

      Placement admitted =
          PlacementValidator.admit(
              placement("{\"burst\": {\"tiers\": [\"onprem\", \"cloud\"]}}"),
              "spec",
              false,
              errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.burst()).isEqualTo(new Burst(List.of("onprem", "cloud"), 0.8, 300));
    }
  }

  @Nested
  class Rules {

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        textBlock =
            """
            # placement                                                                                  | field                                                 | message
            {"preferences": [{"weight": 0, "selector": {}}]}                                             | spec.placement.preferences[0].weight                  | must be between 1 and 100, got 0
            {"preferences": [{"weight": 101, "selector": {}}]}                                           | spec.placement.preferences[0].weight                  | must be between 1 and 100, got 101
            {"preferences": [{"selector": {}}]}                                                          | spec.placement.preferences[0].weight                  | required
            {"preferences": [{"weight": 10}]}                                                            | spec.placement.preferences[0].selector                | required
            {"preferences": [{"weight": 10, "selector": {"matchLabels": {"a": "-x"}}}]}                  | spec.placement.preferences[0].selector.matchLabels[a] | must be empty or at most 63
            {"clusterSelector": {"matchExpressions": [{"key": "tier", "operator": "In"}]}}               | spec.placement.clusterSelector.matchExpressions[0].values | must not be empty for operator In or NotIn
            {"clusterSelector": {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": []}]}} | spec.placement.clusterSelector.matchExpressions[0].values | must not be empty for operator In or NotIn
            {"clusterSelector": {"matchExpressions": [{"key": "tier", "operator": "Exists", "values": ["a"]}]}} | spec.placement.clusterSelector.matchExpressions[0].values | must be empty for operator Exists or DoesNotExist
            {"clusterSelector": {"matchExpressions": [{"key": "tier", "operator": "DoesNotExist", "values": ["a"]}]}} | spec.placement.clusterSelector.matchExpressions[0].values | must be empty for operator Exists or DoesNotExist
            {"clusterSelector": {"matchExpressions": [{"key": "tier", "values": ["a"]}]}}                | spec.placement.clusterSelector.matchExpressions[0].operator | required
            {"clusterSelector": {"matchExpressions": [{"operator": "Exists"}]}}                          | spec.placement.clusterSelector.matchExpressions[0].key | required
            {"clusterSelector": {"matchExpressions": [{"key": "a/b/c", "operator": "Exists"}]}}          | spec.placement.clusterSelector.matchExpressions[0].key | must be a qualified name
            {"clusterSelector": {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["ok", "not ok"]}]}} | spec.placement.clusterSelector.matchExpressions[0].values[1] | must be empty or at most 63
            {"clusterSelector": {"matchLabels": {"-bad": "x"}}}                                          | spec.placement.clusterSelector.matchLabels            | must be a qualified name
            {"tolerations": [{"value": "x"}]}                                                            | spec.placement.tolerations[0].key                     | may be empty only with operator Exists
            {"tolerations": [{"key": "", "operator": "Equal"}]}                                          | spec.placement.tolerations[0].key                     | may be empty only with operator Exists
            {"tolerations": [{"key": "gpu", "operator": "Exists", "value": "x"}]}                        | spec.placement.tolerations[0].value                   | must be empty with operator Exists
            {"tolerations": [{"key": "gpu", "value": "not valid"}]}                                      | spec.placement.tolerations[0].value                   | must be empty or at most 63
            {"tolerations": [{"key": "-gpu"}]}                                                           | spec.placement.tolerations[0].key                     | must be a qualified name
            {"minReplicasPerCluster": 3, "maxReplicasPerCluster": 2}                                     | spec.placement.minReplicasPerCluster                  | must not exceed maxReplicasPerCluster (3 > 2)
            {"minReplicasPerCluster": -1}                                                                | spec.placement.minReplicasPerCluster                  | must be between 0 and 100000, got -1
            {"maxReplicasPerCluster": 0}                                                                 | spec.placement.maxReplicasPerCluster                  | must be between 1 and 100000, got 0
            {"maxReplicasPerCluster": 100001}                                                            | spec.placement.maxReplicasPerCluster                  | must be between 1 and 100000, got 100001
            {"maxClusters": 0}                                                                           | spec.placement.maxClusters                            | must be between 1 and 10000, got 0
            {"maxClusters": 10001}                                                                       | spec.placement.maxClusters                            | must be between 1 and 10000, got 10001
            {"spread": [{"minGroups": 2}]}                                                               | spec.placement.spread[0].topologyKey                  | required
            {"spread": [{"topologyKey": "zone"}]}                                                        | spec.placement.spread[0].minGroups                    | required
            {"spread": [{"topologyKey": "zone", "minGroups": 0}]}                                        | spec.placement.spread[0].minGroups                    | must be between 1 and 100, got 0
            {"spread": [{"topologyKey": "zone", "minGroups": 2}, {"topologyKey": "zone", "minGroups": 3}]} | spec.placement.spread[1].topologyKey                | duplicate topologyKey "zone"
            {"spread": [{"topologyKey": "bad key", "minGroups": 2}]}                                     | spec.placement.spread[0].topologyKey                  | must be a qualified name
            {"coupling": [{"workload": "db", "type": "Strict", "weight": 10}]}                           | spec.placement.coupling[0].weight                     | applies to type Preferred only
            {"coupling": [{"workload": "db", "type": "AntiAffinity", "weight": 10}]}                     | spec.placement.coupling[0].weight                     | applies to type Preferred only
            {"coupling": [{"workload": "db", "type": "Preferred", "weight": 0}]}                         | spec.placement.coupling[0].weight                     | must be between 1 and 100, got 0
            {"coupling": [{"workload": "db", "type": "Preferred", "weight": 101}]}                       | spec.placement.coupling[0].weight                     | must be between 1 and 100, got 101
            {"coupling": [{"workload": "db"}]}                                                           | spec.placement.coupling[0].type                       | required
            {"coupling": [{"type": "Strict"}]}                                                           | spec.placement.coupling[0].workload                   | required
            {"coupling": [{"workload": "DB", "type": "Strict"}]}                                         | spec.placement.coupling[0].workload                   | must be a DNS-1123 subdomain
            {"coupling": [{"workload": "db", "type": "Strict", "topologyKey": "/zone"}]}                 | spec.placement.coupling[0].topologyKey                | must be a qualified name
            {"burst": {}}                                                                                | spec.placement.burst.tiers                            | must name at least one tier
            {"burst": {"tiers": []}}                                                                     | spec.placement.burst.tiers                            | must name at least one tier
            {"burst": {"tiers": ["onprem", "cloud", "onprem"]}}                                          | spec.placement.burst.tiers[2]                         | duplicate tier "onprem"
            {"burst": {"tiers": ["on prem"]}}                                                            | spec.placement.burst.tiers[0]                         | must be empty or at most 63
            {"burst": {"tiers": ["onprem"], "maxUtilization": 0}}                                        | spec.placement.burst.maxUtilization                   | must be greater than 0 and at most 1, got 0.0
            {"burst": {"tiers": ["onprem"], "maxUtilization": -0.1}}                                     | spec.placement.burst.maxUtilization                   | must be greater than 0 and at most 1, got -0.1
            {"burst": {"tiers": ["onprem"], "maxUtilization": 1.01}}                                     | spec.placement.burst.maxUtilization                   | must be greater than 0 and at most 1, got 1.01
            {"burst": {"tiers": ["onprem"], "scaleBackAfterSeconds": -1}}                                | spec.placement.burst.scaleBackAfterSeconds            | must be between 0 and 604800, got -1
            {"burst": {"tiers": ["onprem"], "scaleBackAfterSeconds": 604801}}                            | spec.placement.burst.scaleBackAfterSeconds            | must be between 0 and 604800, got 604801
            {"costWeights": {"price": -1}}                                                               | spec.placement.costWeights.price                      | must be between 0 and 1000.0, got -1.0
            {"costWeights": {"utilization": 1000.5}}                                                     | spec.placement.costWeights.utilization                | must be between 0 and 1000.0, got 1000.5
            {"costWeights": {"preference": 1e309}}                                                       | spec.placement.costWeights.preference                 | got Infinity
            """)
    // spotless:on
    void reportsEachBrokenRuleAtItsField(String json, String field, String message) {
      assertThat(errors(placement(json), false).list())
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.message()).contains(message);
              });
    }

    // spotless:off
    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"preferences\": [{\"weight\": 1, \"selector\": {}}, {\"weight\": 100, \"selector\": {\"matchLabels\": {\"tier\": \"onprem\"}}}]}",
          "{\"clusterSelector\": {\"matchExpressions\": [{\"key\": \"tier\", \"operator\": \"In\", \"values\": [\"a\", \"\"]}, {\"key\": \"gpu\", \"operator\": \"DoesNotExist\"}]}}",
          "{\"tolerations\": [{\"operator\": \"Exists\"}, {\"key\": \"gpu\", \"operator\": \"Exists\", \"value\": \"\"}]}",
          "{\"minReplicasPerCluster\": 2, \"maxReplicasPerCluster\": 2, \"maxClusters\": 1}",
          "{\"minReplicasPerCluster\": 100000, \"maxReplicasPerCluster\": 100000, \"maxClusters\": 10000}",
          "{\"spread\": [{\"topologyKey\": \"topology.kubernetes.io/zone\", \"minGroups\": 1}, {\"topologyKey\": \"topology.kubernetes.io/region\", \"minGroups\": 100}]}",
          "{\"coupling\": [{\"workload\": \"db\", \"type\": \"Preferred\", \"weight\": 100}, {\"workload\": \"cache\", \"type\": \"Strict\", \"topologyKey\": \"zone\"}]}",
          "{\"burst\": {\"tiers\": [\"onprem\", \"cloud\"], \"maxUtilization\": 1, \"scaleBackAfterSeconds\": 604800}}",
          "{\"burst\": {\"tiers\": [\"onprem\"], \"maxUtilization\": 0.0001}}",
          "{\"costWeights\": {\"price\": 0, \"utilization\": 1000, \"preference\": 0.5, \"coupling\": 1, \"stickiness\": 999.99}}"
        })
    // spotless:on
    void acceptsValuesOnTheEdgesOfEachRule(String json) {
      assertThat(errors(placement(json), false).list()).isEmpty();
    }

    @Test
    void refusesNotANumberCostWeights() {
      Placement withNaN =
          new Placement(
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              new CostWeights(Double.NaN, null, Double.NEGATIVE_INFINITY, null, 1.0));

      assertThat(errors(withNaN, false).list())
          .extracting(FieldError::field)
          .containsExactly(
              "spec.placement.costWeights.price", "spec.placement.costWeights.preference");
    }

    @Test
    void refusesNotANumberMaxUtilization() {
      Placement withNaN =
          new Placement(
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              new Burst(List.of("onprem"), Double.NaN, null),
              null);

      assertThat(errors(withNaN, false).list())
          .extracting(FieldError::field)
          .containsExactly("spec.placement.burst.maxUtilization");
    }

    @Test
    void refusesListsLongerThanOneHundredEntries() {
      String hundredAndOne =
          String.join(
              ",", Collections.nCopies(101, "{\"key\": \"gpu\", \"operator\": \"Exists\"}"));

      assertThat(errors(placement("{\"tolerations\": [" + hundredAndOne + "]}"), false).list())
          .containsExactly(
              new FieldError("spec.placement.tolerations", "at most 100 entries, got 101"));
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
      Placement broken =
          placement(
              """
              {"preferences": [{"weight": 0, "selector": {}}],
               "maxClusters": 0,
               "burst": {"tiers": []}}
              """);

      assertThat(errors(broken, false).list())
          .extracting(FieldError::field)
          .containsExactlyInAnyOrder(
              "spec.placement.preferences[0].weight",
              "spec.placement.maxClusters",
              "spec.placement.burst.tiers");
    }
  }

  @Nested
  class PolicyReferences {

    @Test
    void refusesAPolicyRefInsideAPolicy() {
      assertThat(errors(Placement.ofPolicy("base"), false).list())
          .containsExactly(
              new FieldError(
                  "spec.placement.policyRef", "a placement policy cannot refer to another policy"));
    }

    @Test
    void acceptsAPolicyRefAloneInAWorkload() {
      FieldErrors errors = new FieldErrors();

      Placement admitted =
          PlacementValidator.admit(
              placement("{\"policyRef\": \"burst.eu\"}"), "spec.placement", true, errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted).isEqualTo(Placement.ofPolicy("burst.eu"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"policyRef\": \"base\", \"mode\": \"Divided\"}",
          "{\"policyRef\": \"base\", \"maxClusters\": 2}",
          "{\"policyRef\": \"base\", \"clusterSelector\": {}}",
          "{\"policyRef\": \"base\", \"preferences\": [{\"weight\": 1, \"selector\": {}}]}",
          "{\"policyRef\": \"base\", \"burst\": {\"tiers\": [\"onprem\"]}}"
        })
    void refusesAPolicyRefCombinedWithOtherFieldsInAWorkload(String json) {
      assertThat(errors(placement(json), true).list())
          .containsExactly(
              new FieldError("spec.placement", "either policyRef or placement fields, not both"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Base", "-base", "base_policy"})
    void refusesAPolicyRefThatIsNotADnsSubdomain(String policyRef) {
      assertThat(errors(Placement.ofPolicy(policyRef), true).list())
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.field()).isEqualTo("spec.placement.policyRef");
                assertThat(error.message()).contains("must be a DNS-1123 subdomain");
              });
    }
  }
}
