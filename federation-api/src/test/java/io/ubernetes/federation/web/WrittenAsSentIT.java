package io.ubernetes.federation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * What a write acknowledges is exactly what was sent, and exactly what is read back: YAML aliases
 * stand for their anchors' values, and text is stored as it came or refused, never changed.
 */
class WrittenAsSentIT extends ApiIntegrationTest {
  private static final String YAML = "application/yaml";
  private static final String JSON = "application/json";
  private static final String WORKLOADS = "/api/v1/namespaces/as-sent/workloads";

  @Test
  void yamlAliasesStandForTheirAnchorsValues() {
    String name = unique("aliases");
    String body =
        """
        metadata:
          name: %s
          labels: &labels {app: web, tier: front}
          annotations:
            owner: &owner team-a
            reviewer: *owner
        spec:
          replicas: &replicas 3
          template:
            apiVersion: apps/v1
            kind: Deployment
            spec:
              replicas: *replicas
              selector: {matchLabels: *labels}
              template:
                metadata: {labels: *labels}
                spec:
                  containers:
                    - &container {name: web, image: "nginx:1.27", args: &args [--port, "8080"]}
                    - {name: sidecar, image: "envoy:1.30", args: *args}
        """
            .formatted(name);

    Response created = api.send("POST", WORKLOADS, YAML, body, JSON);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode object = created.json();
    assertThat(object.at("/metadata/annotations/reviewer").asString()).isEqualTo("team-a");
    assertThat(object.at("/spec/template/spec/replicas").asInt()).isEqualTo(3);
    JsonNode labels = object.at("/metadata/labels");
    assertThat(object.at("/spec/template/spec/selector/matchLabels")).isEqualTo(labels);
    assertThat(object.at("/spec/template/spec/template/metadata/labels")).isEqualTo(labels);
    assertThat(object.at("/spec/template/spec/template/spec/containers/1/args"))
        .isEqualTo(object.at("/spec/template/spec/template/spec/containers/0/args"));
    assertThat(object.at("/spec/template/spec/template/spec/containers/1/args/1").isString())
        .isTrue();
    assertThat(api.get(WORKLOADS + "/" + name).body()).isEqualTo(created.body());
  }

  @Test
  void aBillionLaughsIsRefusedWithAClearAnswer() {
    StringBuilder laughs = new StringBuilder();
    laughs.append("    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      String previous = "*l" + (level - 1);
      laughs
          .append("    l")
          .append(level)
          .append(": &l")
          .append(level)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, previous)))
          .append("]\n");
    }
    String body =
        "metadata:\n  name: never-created\nspec:\n  template:\n    apiVersion: v1\n"
            + "    kind: ConfigMap\n"
            + laughs;

    Response refused = api.send("POST", WORKLOADS, YAML, body, JSON);

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.at("/detail")).contains("alias");
    assertThat(refused.errorFields()).singleElement().asString().startsWith("spec.template.l");
    assertThat(api.get(WORKLOADS + "/never-created").status()).isEqualTo(404);
  }

  // spotless:off
  static Stream<Arguments> unusableAliases() {
    return Stream.of(
        argumentSet("an alias inside its own anchor", "spec:\n  template: &t {apiVersion: v1, kind: ConfigMap, data: {x: *t}}\n", "spec.template.data.x"),
        argumentSet("an alias of no anchor", "spec:\n  template: {apiVersion: v1, kind: ConfigMap, data: {x: *nothing}}\n", null),
        argumentSet("an alias as a key", "spec:\n  template: {apiVersion: v1, kind: ConfigMap, data: {&k a: b, *k : c}}\n", "spec.template.data"),
        argumentSet("a merge key", "spec:\n  template: &t {apiVersion: v1, kind: ConfigMap}\n  resources:\n    - {<<: *t, metadata: {name: x}}\n", "spec.resources[0].<<"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("unusableAliases")
  void aliasesThatStandForNoValueAreRefused(String document, String field) {
    Response refused =
        api.send("POST", WORKLOADS, YAML, "metadata:\n  name: never-created\n" + document, JSON);

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    if (field != null) {
      assertThat(refused.errorFields()).as(refused.body()).containsExactly(field);
    }
    assertThat(api.get(WORKLOADS + "/never-created").status()).isEqualTo(404);
  }

  // spotless:off
  static Stream<Arguments> unusualText() {
    return Stream.of(
        argumentSet("an emoji as escapes", "\\ud83d\\ude00 ok"),
        argumentSet("an emoji as UTF-8", "\uD83D\uDE00 ok"),
        argumentSet("a line separator", "a\\u2028b"),
        argumentSet("control characters other than NUL", "a\\u0001b\\u001fc\\td"),
        argumentSet("the replacement character", "a\\ufffdb"),
        argumentSet("a non-character", "a\\uffffb"),
        argumentSet("escaped quotes and backslashes", "a\\\"b\\\\c"),
        argumentSet("an accent as an escape and as UTF-8", "\\u00e9 é"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("unusualText")
  void textIsStoredAsItCame(String escaped) {
    String name = unique("text");
    String body =
        """
        {"metadata": {"name": "%s", "annotations": {"note": "%s"}},
         "spec": {"template": {"apiVersion": "v1", "kind": "ConfigMap", "data": {"note": "%s"}}}}
        """
            .formatted(name, escaped, escaped);
    String sent = tree(body).at("/metadata/annotations/note").asString();

    Response created = api.post(WORKLOADS, body);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/metadata/annotations/note").asString()).isEqualTo(sent);
    assertThat(created.json().at("/spec/template/data/note").asString()).isEqualTo(sent);
    assertThat(api.get(WORKLOADS + "/" + name).body()).isEqualTo(created.body());
  }

  private static JsonNode tree(String json) {
    return io.ubernetes.federation.testing.ApiClient.tree(json);
  }
}
