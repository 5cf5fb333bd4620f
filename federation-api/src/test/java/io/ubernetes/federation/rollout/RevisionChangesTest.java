package io.ubernetes.federation.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RevisionChangesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void namesContainersByNameAndShowsShortValues() {
    JsonNode before = content("shop/app:1.4", "info", "s3cr3t", "[]");
    JsonNode after = content("shop/app:1.5", "info", "s3cr3t", "[]");

    assertThat(RevisionChanges.between(before, after, Map.of()))
        .containsExactly(
            "template.spec.template.spec.containers[app].image: shop/app:1.4 -> shop/app:1.5");
  }

  @Test
  void saysOnlyThatDataAndSecretValuesChanged() {
    JsonNode before = content("shop/app:1.4", "info", "s3cr3t", "[]");
    JsonNode after = content("shop/app:1.4", "debug", "t0ps3cr3t", "[]");

    assertThat(RevisionChanges.between(before, after, Map.of()))
        .containsExactly(
            "resources[ConfigMap/app-config].data.LOG_LEVEL changed",
            "resources[Secret/db].data.PASSWORD changed")
        .noneMatch(line -> line.contains("s3cr3t") || line.contains("debug"));
  }

  @Test
  void countsOverridesByIndex() {
    JsonNode before = content("shop/app:1.4", "info", "s", "[{\"patch\": []}]");
    JsonNode after =
        content(
            "shop/app:1.4",
            "info",
            "s",
            "[{\"patch\": []}, {\"patch\": [{\"op\": \"remove\", \"path\": \"/spec/x\"}]}]");

    assertThat(RevisionChanges.between(before, after, Map.of()))
        .containsExactly("overrides[1] added");
  }

  @Test
  void aResourceAddedOrRemovedIsOneLine() {
    JsonNode before = content("shop/app:1.4", "info", "s", "[]");
    JsonNode after = JSON.readTree(before.toString().replace("\"Secret\"", "\"Opaque\""));

    assertThat(RevisionChanges.between(before, after, Map.of()))
        .containsExactly("resources[Opaque/db] added", "resources[Secret/db] removed");
  }

  @Test
  void manyChangesAreCountedAfterTheFirstLines() {
    StringBuilder env = new StringBuilder();
    StringBuilder changed = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      env.append(i == 0 ? "" : ",")
          .append("{\"name\": \"V")
          .append(i)
          .append("\", \"value\": \"a\"}");
      changed
          .append(i == 0 ? "" : ",")
          .append("{\"name\": \"V")
          .append(i)
          .append("\", \"value\": \"b\"}");
    }
    JsonNode before = JSON.readTree("{\"template\": {\"env\": [" + env + "]}}");
    JsonNode after = JSON.readTree("{\"template\": {\"env\": [" + changed + "]}}");

    assertThat(RevisionChanges.between(before, after, Map.of()))
        .hasSize(20)
        .startsWith("template.env[V0].value: a -> b")
        .endsWith("... and 11 more changes");
  }

  private static JsonNode content(
      String image, String logLevel, String password, String overrides) {
    return JSON.readTree(
        """
        {"template": {"apiVersion": "apps/v1", "kind": "Deployment",
                      "spec": {"template": {"spec": {"containers": [
                        {"name": "app", "image": "%s"}, {"name": "proxy", "image": "envoy:1"}]}}}},
         "resources": [
           {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config"},
            "data": {"LOG_LEVEL": "%s"}},
           {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},
            "data": {"PASSWORD": "%s"}}],
         "overrides": %s}
        """
            .formatted(image, logLevel, password, overrides));
  }
}
