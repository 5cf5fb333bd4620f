package io.ubernetes.federation.override;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Every bad rule is refused, naming its field; the fields the federation owns with the reason. */
class OverrideValidatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<FieldError> errors(String spec, boolean clusterScoped) {
    FieldErrors errors = new FieldErrors();
    OverrideValidator.admit(JSON.readValue(spec, OverridePolicySpec.class), clusterScoped, errors);
    return errors.list();
  }

  private static String oneRule(String rule) {
    return "{\"rules\": [" + rule + "]}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {}                                                                      | spec.rules[0]                       | a rule needs one action
          {"image": {"tag": "1"}, "labels": {"set": {"a": "b"}}}                  | spec.rules[0]                       | exactly one action
          {"jsonPatch": [{"op": "merge", "path": "/spec"}]}                       | spec.rules[0].jsonPatch[0].op       | unsupported operation
          {"jsonPatch": [{"op": "add", "path": "spec/x", "value": 1}]}            | spec.rules[0].jsonPatch[0].path     | JSON pointer
          {"jsonPatch": [{"op": "replace", "path": "/spec/replicas", "value": 3}]} | spec.rules[0].jsonPatch[0].path    | the scheduler's share
          {"target": {"kind": "StatefulSet"}, "jsonPatch": [{"op": "add", "path": "/spec/replicas", "value": 3}]} | spec.rules[0].jsonPatch[0].path | spec.autoscaling
          {"jsonPatch": [{"op": "replace", "path": "/kind", "value": "Job"}]}     | spec.rules[0].jsonPatch[0].path     | cannot change /kind
          {"jsonPatch": [{"op": "add", "path": "/metadata/labels/ubernetes.io~1workload", "value": "x"}]} | spec.rules[0].jsonPatch[0].path | federation's
          {"labels": {"set": {"ubernetes.io/managed-by": "me"}}}                  | spec.rules[0].labels.set[ubernetes.io/managed-by] | federation's
          {"labels": {"remove": ["ubernetes.io/workload"]}}                       | spec.rules[0].labels.remove[0]      | federation's
          {"annotations": {"set": {"ubernetes.io/revision": "1"}}}                | spec.rules[0].annotations.set[ubernetes.io/revision] | federation's
          {"labels": {}}                                                          | spec.rules[0].labels                | give keys
          {"image": {}}                                                           | spec.rules[0].image                 | at least one of
          {"image": {"digest": "sha256"}}                                         | spec.rules[0].image.digest          | algo:hex
          {"image": {"digest": "sha256:xyz"}}                                     | spec.rules[0].image.digest          | algo:hex
          {"image": {"registry": "bad host"}}                                     | spec.rules[0].image.registry        | a host
          {"image": {"repository": "Shop/Web"}}                                   | spec.rules[0].image.repository      | lowercase
          {"image": {"tag": "-x"}}                                                | spec.rules[0].image.tag             | not starting with
          {"image": {"tag": "1", "digest": "sha256:0123456789abcdef0123456789abcdef"}} | spec.rules[0].image.digest     | not both
          {"args": {"operation": "append"}}                                       | spec.rules[0].args.values           | must not be empty
          {"env": {"set": [{"name": "1X", "value": "y"}]}}                        | spec.rules[0].env.set[0].name       | letters
          {"env": {}}                                                             | spec.rules[0].env                   | give variables
          {"target": {"name": "x"}, "labels": {"set": {"a": "b"}}}                | spec.rules[0].target.kind           | required
          {"clusters": {"regions": ["eu west"]}, "labels": {"set": {"a": "b"}}}   | spec.rules[0].clusters.regions[0]   | eu west
          {"clusters": {"clusterSelector": {"matchExpressions": [{"key": "a", "operator": "In"}]}}, "labels": {"set": {"a": "b"}}} | spec.rules[0].clusters.clusterSelector.matchExpressions[0].values | must not be empty
          """)
  void refusesABadRule(String rule, String field, String message) {
    assertThat(errors(oneRule(rule), false))
        .anySatisfy(
            error -> {
              assertThat(error.field()).isEqualTo(field);
              assertThat(error.message()).contains(message);
            });
  }

  @Test
  void refusesAPolicyWithoutRules() {
    assertThat(errors("{\"rules\": []}", true))
        .singleElement()
        .satisfies(error -> assertThat(error.field()).isEqualTo("spec.rules"));
  }

  @Test
  void onlyAClusterOverridePolicySelectsNamespaces() {
    String spec =
        "{\"workloadSelector\": {\"namespaces\": [\"shop\"]}, \"rules\": [{\"labels\": {\"set\": {\"a\": \"b\"}}}]}";
    assertThat(errors(spec, true)).isEmpty();
    assertThat(errors(spec, false))
        .singleElement()
        .satisfies(
            error -> assertThat(error.field()).isEqualTo("spec.workloadSelector.namespaces"));
  }

  @Test
  void acceptsEveryRuleType() {
    String spec =
        """
        {"workloadSelector": {"names": ["web"], "matchLabels": {"app": "web"}},
         "rules": [
          {"clusters": {"names": ["aws-eu-west"], "regions": ["eu-west"], "tiers": ["cloud"]},
           "jsonPatch": [{"op": "replace", "path": "/spec/template/spec/containers/0/resources/limits/cpu", "value": "2"}]},
          {"target": {"kind": "ConfigMap", "name": "settings"},
           "jsonPatch": [{"op": "replace", "path": "/spec/replicas", "value": 2}]},
          {"image": {"container": "web", "registry": "eu.gcr.io", "repository": "shop/web",
                     "digest": "sha256:0123456789abcdef0123456789abcdef"}},
          {"labels": {"set": {"team": "eu"}, "remove": ["old"]}},
          {"annotations": {"set": {"example.com/owner": "eu"}}},
          {"args": {"container": "web", "operation": "replace", "values": ["--region=eu"]}},
          {"env": {"container": "web", "set": [{"name": "REGION", "value": "eu"}], "remove": ["DEBUG"]}}
         ]}
        """;
    assertThat(errors(spec, false)).isEmpty();
  }
}
