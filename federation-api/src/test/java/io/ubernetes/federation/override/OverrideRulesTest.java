package io.ubernetes.federation.override;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The rule types of override policies on the kinds teams bring, as a cluster's work gets them. */
class OverrideRulesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String POD =
      """
      {"initContainers": [{"name": "init", "image": "docker.io/shop/init:1.0"}],
       "containers": [{"name": "web", "image": "shop/web:1.3", "args": ["--port=80"],
                       "env": [{"name": "DEBUG", "value": "1"}, {"name": "REGION", "value": "us"}]},
                      {"name": "sidecar", "image": "localhost:5000/proxy@sha256:%s"}]}
      """
          .formatted("a".repeat(64));

  private static final Map<String, String> TEMPLATES =
      Map.of(
          "Deployment",
          """
          {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 1, "template": {"spec": %s}}}
          """
              .formatted(POD),
          "StatefulSet",
          """
          {"apiVersion": "apps/v1", "kind": "StatefulSet",
           "spec": {"template": {"spec": %s}}}
          """
              .formatted(POD),
          "Job",
          """
          {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "web"},
           "spec": {"template": {"spec": %s}}}
          """
              .formatted(POD),
          "CronJob",
          """
          {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "web"},
           "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": %s}}}}}
          """
              .formatted(POD));

  private static final String CONFIG_MAP =
      """
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
       "data": {"region": "us"}}
      """;

  private static JsonNode tree(String text) {
    return JSON.readTree(text);
  }

  private static List<ObjectNode> objects(String kind) {
    List<ObjectNode> objects = new ArrayList<>();
    objects.add((ObjectNode) tree(TEMPLATES.get(kind)));
    objects.add((ObjectNode) tree(CONFIG_MAP));
    return objects;
  }

  private static JsonNode rule(String body) {
    ObjectNode rule = (ObjectNode) tree(body);
    rule.put(OverrideRules.POLICY, "OverridePolicy/shop/eu");
    rule.put(OverrideRules.RULE, 0);
    return rule;
  }

  private static JsonNode podSpec(JsonNode object) {
    JsonNode spec = object.path("spec");
    return spec.has("jobTemplate")
        ? spec.path("jobTemplate").path("spec").path("template").path("spec")
        : spec.path("template").path("spec");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Deployment  | {"registry": "eu.gcr.io"}                         | web     | eu.gcr.io/shop/web:1.3
          StatefulSet | {"tag": "1.4"}                                    | web     | shop/web:1.4
          Job         | {"repository": "team/web", "container": "web"}    | web     | team/web:1.3
          CronJob     | {"registry": "eu.gcr.io", "tag": "2"}             | init    | eu.gcr.io/shop/init:2
          Deployment  | {"tag": "1.4"}                                    | sidecar | localhost:5000/proxy:1.4
          Deployment  | {"digest": "sha256:0123456789abcdef0123456789abcdef"} | web | shop/web@sha256:0123456789abcdef0123456789abcdef
          Deployment  | {"container": "web", "registry": "eu.gcr.io"}      | init    | docker.io/shop/init:1.0
          """)
  void rewritesImageComponents(String kind, String image, String container, String expected)
      throws Exception {
    List<ObjectNode> objects = objects(kind);
    OverrideRules.apply(rule("{\"image\": " + image + "}"), objects, "web");
    JsonNode spec = podSpec(objects.getFirst());
    List<JsonNode> all = new ArrayList<>();
    spec.path("initContainers").forEach(all::add);
    spec.path("containers").forEach(all::add);
    assertThat(all)
        .filteredOn(c -> c.path("name").asString().equals(container))
        .singleElement()
        .satisfies(c -> assertThat(c.path("image").asString()).isEqualTo(expected));
    assertThat(objects.get(1)).isEqualTo(tree(CONFIG_MAP));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Deployment", "StatefulSet", "Job", "CronJob"})
  void setsArgsAndEnvOfOneContainer(String kind) throws Exception {
    List<ObjectNode> objects = objects(kind);
    OverrideRules.apply(
        rule(
            "{\"args\": {\"container\": \"web\", \"operation\": \"append\", \"values\": [\"--region=eu\"]}}"),
        objects,
        "web");
    OverrideRules.apply(
        rule(
            """
            {"env": {"container": "web", "set": [{"name": "REGION", "value": "eu"},
                                                 {"name": "ZONE", "value": "eu-1"}],
                     "remove": ["DEBUG"]}}
            """),
        objects,
        "web");
    JsonNode web = podSpec(objects.getFirst()).path("containers").get(0);
    assertThat(web.path("args")).isEqualTo(tree("[\"--port=80\", \"--region=eu\"]"));
    assertThat(web.path("env"))
        .isEqualTo(
            tree(
                "[{\"name\": \"REGION\", \"value\": \"eu\"}, {\"name\": \"ZONE\", \"value\": \"eu-1\"}]"));
    JsonNode sidecar = podSpec(objects.getFirst()).path("containers").get(1);
    assertThat(sidecar.has("args")).isFalse();
    assertThat(sidecar.has("env")).isFalse();
  }

  @Test
  void replacesArgs() throws Exception {
    List<ObjectNode> objects = objects("Deployment");
    OverrideRules.apply(
        rule(
            "{\"args\": {\"container\": \"web\", \"operation\": \"replace\", \"values\": [\"--eu\"]}}"),
        objects,
        "web");
    assertThat(podSpec(objects.getFirst()).path("containers").get(0).path("args"))
        .isEqualTo(tree("[\"--eu\"]"));
  }

  @Test
  void labelsEveryObjectOrOnlyTheTarget() throws Exception {
    List<ObjectNode> objects = objects("Deployment");
    ((ObjectNode) objects.getFirst().get("metadata")).putObject("labels").put("old", "x");
    OverrideRules.apply(
        rule("{\"labels\": {\"set\": {\"team\": \"eu\"}, \"remove\": [\"old\"]}}"), objects, "web");
    assertThat(objects)
        .allSatisfy(o -> assertThat(o.at("/metadata/labels/team").asString()).isEqualTo("eu"));
    assertThat(objects.getFirst().at("/metadata/labels").has("old")).isFalse();

    OverrideRules.apply(
        rule(
            "{\"target\": {\"kind\": \"ConfigMap\", \"name\": \"settings\"},"
                + " \"annotations\": {\"set\": {\"note\": \"eu\"}}}"),
        objects,
        "web");
    assertThat(objects.get(1).at("/metadata/annotations/note").asString()).isEqualTo("eu");
    assertThat(objects.getFirst().at("/metadata/annotations").isMissingNode()).isTrue();
  }

  @Test
  void patchesTheTemplateByDefaultAndAResourceByTarget() throws Exception {
    List<ObjectNode> objects = objects("StatefulSet");
    OverrideRules.apply(
        rule(
            "{\"jsonPatch\": [{\"op\": \"add\", \"path\": \"/spec/minReadySeconds\", \"value\": 5}]}"),
        objects,
        "web");
    OverrideRules.apply(
        rule(
            "{\"target\": {\"kind\": \"ConfigMap\", \"name\": \"settings\"}, \"jsonPatch\":"
                + " [{\"op\": \"replace\", \"path\": \"/data/region\", \"value\": \"eu\"}]}"),
        objects,
        "web");
    assertThat(objects.getFirst().at("/spec/minReadySeconds").asInt()).isEqualTo(5);
    assertThat(objects.get(1).at("/data/region").asString()).isEqualTo("eu");
  }

  @Test
  void aTargetWithoutNameMatchesTheTemplateByTheWorkloadsName() throws Exception {
    List<ObjectNode> objects = objects("StatefulSet");
    OverrideRules.apply(
        rule(
            "{\"target\": {\"kind\": \"StatefulSet\", \"name\": \"web\"}, \"jsonPatch\":"
                + " [{\"op\": \"add\", \"path\": \"/spec/serviceName\", \"value\": \"web\"}]}"),
        objects,
        "web");
    assertThat(objects.getFirst().at("/spec/serviceName").asString()).isEqualTo("web");
  }

  @Test
  void laterRulesSeeEarlierOnes() throws Exception {
    List<ObjectNode> objects = objects("Deployment");
    OverrideRules.apply(rule("{\"image\": {\"tag\": \"1.4\"}}"), objects, "web");
    OverrideRules.apply(
        rule("{\"image\": {\"container\": \"web\", \"tag\": \"1.5\"}}"), objects, "web");
    assertThat(podSpec(objects.getFirst()).at("/containers/0/image").asString())
        .isEqualTo("shop/web:1.5");
    assertThat(podSpec(objects.getFirst()).at("/initContainers/0/image").asString())
        .isEqualTo("docker.io/shop/init:1.4");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"jsonPatch": [{"op": "replace", "path": "/spec/missing/field", "value": 1}]} | jsonPatch does not apply
          {"image": {"container": "nginx", "tag": "2"}}                                  | no container named "nginx"
          {"target": {"kind": "ConfigMap"}, "env": {"set": [{"name": "A", "value": "b"}]}} | env: no container
          {"target": {"kind": "Secret", "name": "x"}, "labels": {"set": {"a": "b"}}}     | target Secret/x is not an object
          """)
  void aRuleThatCannotApplyIsNeverSkipped(String body, String message) {
    assertThatThrownBy(() -> OverrideRules.apply(rule(body), objects("Deployment"), "web"))
        .isInstanceOf(OverrideRules.NotApplicable.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {}                                                                 | true
          {"names": ["aws-eu-west"]}                                         | true
          {"names": ["gcp-us"]}                                              | false
          {"regions": ["eu-west", "eu-north"]}                               | true
          {"regions": ["us-east"]}                                           | false
          {"tiers": ["cloud"], "providers": ["aws"], "zones": ["eu-west-1a"]} | true
          {"tiers": ["onprem"]}                                              | false
          {"clusterSelector": {"matchLabels": {"env": "prod"}}}              | true
          {"clusterSelector": {"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]}} | false
          {"names": ["aws-eu-west"], "regions": ["us-east"]}                 | false
          """)
  void selectsClustersByNameAndFacts(String clusters, boolean selected) {
    Map<String, String> labels =
        Map.of(
            "topology.kubernetes.io/region", "eu-west",
            "topology.kubernetes.io/zone", "eu-west-1a",
            "ubernetes.io/tier", "cloud",
            "ubernetes.io/provider", "aws",
            "env", "prod");
    JsonNode rule = rule("{\"clusters\": " + clusters + ", \"labels\": {\"set\": {\"a\": \"b\"}}}");
    assertThat(OverrideRules.selects(rule, "aws-eu-west", labels)).isEqualTo(selected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          nginx                                 | | nginx | |
          shop/web:1.3                          | | shop/web | 1.3 |
          eu.gcr.io/shop/web:1.3                | eu.gcr.io | shop/web | 1.3 |
          localhost:5000/web                    | localhost:5000 | web | |
          registry:5000/a/b:v1@sha256:abc       | registry:5000 | a/b | v1 | sha256:abc
          """)
  void readsImageReferences(
      String image, String registry, String repository, String tag, String digest) {
    ImageReference reference = ImageReference.parse(image);
    assertThat(reference).isEqualTo(new ImageReference(registry, repository, tag, digest));
    assertThat(reference.toString()).isEqualTo(image);
  }
}
