package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every key of a list map that a kind's schema gives a default is one server-side apply fills in
 * before it merges ({@link ResourceStrategy#listMapKeyDefaults}), as Kubernetes does: otherwise an
 * item applied without the key would be another item than the stored one.
 */
class ListMapKeyDefaultsIT extends ApiIntegrationTest {
  @Autowired private List<ResourceStrategy<?, ?, ?>> strategies;

  @Test
  void everyListMapKeyTheSchemasDefaultIsFilledInByServerSideApply() {
    JsonNode schemas =
        api.get("/openapi/v3/apis/ubernetes.io/v1").json().path("components").path("schemas");

    for (ResourceStrategy<?, ?, ?> strategy : strategies) {
      Map<String, Map<String, String>> defaulted = new TreeMap<>();
      collect(schemas.path("io.ubernetes.v1." + strategy.kind()), "", defaulted);

      assertThat(strategy.listMapKeyDefaults()).as(strategy.kind()).isEqualTo(defaulted);
    }
  }

  @Test
  void aServicePortsProtocolIsTheDefaultedKeyOfItsListMap() {
    JsonNode schemas =
        api.get("/openapi/v3/apis/ubernetes.io/v1").json().path("components").path("schemas");
    Map<String, Map<String, String>> defaulted = new TreeMap<>();

    collect(schemas.path("io.ubernetes.v1.FederatedService"), "", defaulted);

    assertThat(defaulted).isEqualTo(Map.of("spec.ports", Map.of("protocol", "TCP")));
  }

  private static void collect(
      JsonNode schema, String path, Map<String, Map<String, String>> defaulted) {
    if (!schema.isObject()) {
      return;
    }
    if ("map".equals(schema.path("x-kubernetes-list-type").asString(""))) {
      JsonNode items = schema.path("items").path("properties");
      for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
        JsonNode value = items.path(key.asString()).get("default");
        if (value != null) {
          defaulted
              .computeIfAbsent(path, p -> new TreeMap<>())
              .put(key.asString(), value.asString());
        }
      }
    }
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      if (path.isEmpty() && property.getKey().equals("metadata")) {
        continue;
      }
      String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
      collect(property.getValue(), child, defaulted);
    }
    collect(schema.path("items"), path, defaulted);
  }
}
