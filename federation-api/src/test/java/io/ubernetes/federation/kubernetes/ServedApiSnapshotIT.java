package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the federation publishes about its kinds, document by document, against the copies kept in
 * {@code src/test/resources/served-api}: discovery (classic and aggregated), the outline of both
 * OpenAPI documents (their paths, operations and schema names) and every kind's table columns. A
 * change to how kinds are registered that changes any byte a client reads fails here; a deliberate
 * change (a new kind) is recorded with {@code -Dserved-api.record=true} and reviewed in the diff of
 * those files.
 */
class ServedApiSnapshotIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";
  private static final Path KEPT = Path.of("src/test/resources/served-api");
  private static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Every list of the group, one per kind; the namespaced ones in a namespace. */
  private static final List<String> LISTS =
      List.of(
          "memberclusters",
          "placementpolicies",
          "rolloutstrategies",
          "clusteroverridepolicies",
          "healthrules",
          "namespaces/snapshot/federatedworkloads",
          "clusterfederatedworkloads",
          "namespaces/snapshot/federatedservices",
          "namespaces/snapshot/overridepolicies",
          "namespaces/snapshot/federatedobjects");

  /**
   * One document a client reads.
   *
   * @param outlined whether the kept copy is the OpenAPI document's outline (see {@link #outline})
   *     rather than the whole document
   */
  record Document(String file, String path, String accept, boolean outlined) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Document> documents() {
    return List.of(
        new Document("api.json", "/api", "application/json", false),
        new Document("api-aggregated.json", "/api", DiscoveryController.AGGREGATED, false),
        new Document("core-version.json", "/api/v1", "application/json", false),
        new Document("apis.json", "/apis", "application/json", false),
        new Document("apis-aggregated.json", "/apis", DiscoveryController.AGGREGATED, false),
        new Document("group.json", "/apis/ubernetes.io", "application/json", false),
        new Document("group-version.json", GROUP, "application/json", false),
        new Document("openapi-v2-outline.json", "/openapi/v2", "application/json", true),
        new Document("openapi-v3-outline.json", "/openapi/v3" + GROUP, "application/json", true));
  }

  @ParameterizedTest
  @MethodSource("documents")
  void aDocumentAboutTheKindsIsTheOneKept(Document document) {
    Response response = api.get(document.path(), document.accept());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertMatchesKept(
        document.file(), document.outlined() ? outline(response.json()) : response.json());
  }

  /**
   * What the kinds make of an OpenAPI document: each path's operations (method, operation id,
   * action, kind and parameters), and the names of the schemas. The schemas' fields and every
   * description are OpenApiIT's: they change with the records, not with how kinds are registered.
   */
  private static JsonNode outline(JsonNode document) {
    Map<String, Object> paths = new LinkedHashMap<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path -> {
              List<String> operations = new ArrayList<>();
              path.getValue()
                  .properties()
                  .forEach(
                      operation -> {
                        JsonNode op = operation.getValue();
                        if (!op.has("operationId")) {
                          return;
                        }
                        List<String> parameters = new ArrayList<>();
                        op.path("parameters")
                            .forEach(
                                parameter -> parameters.add(parameter.path("name").asString()));
                        operations.add(
                            String.join(
                                " ",
                                operation.getKey(),
                                op.path("operationId").asString(),
                                op.path("x-kubernetes-action").asString(),
                                op.path("x-kubernetes-group-version-kind").path("kind").asString(),
                                String.valueOf(parameters)));
                      });
              paths.put(path.getKey(), operations);
            });
    JsonNode schemas =
        document.has("definitions")
            ? document.path("definitions")
            : document.path("components").path("schemas");
    Map<String, Object> outline = new LinkedHashMap<>();
    outline.put("paths", paths);
    outline.put("schemas", List.copyOf(schemas.propertyNames()));
    return ApiClient.tree(ApiClient.json(outline));
  }

  @org.junit.jupiter.api.Test
  void everyKindsTableColumnsAreTheOnesKept() {
    Map<String, JsonNode> columns = new LinkedHashMap<>();
    for (String list : LISTS) {
      Response table = api.get(GROUP + "/" + list, TablesIT.KUBECTL_TABLE);
      assertThat(table.status()).as(list + ": " + table.body()).isEqualTo(200);
      columns.put(list, table.json().path("columnDefinitions"));
    }

    assertMatchesKept("table-columns.json", ApiClient.tree(ApiClient.json(columns)));
  }

  private static void assertMatchesKept(String file, JsonNode actual) {
    String printed = PRETTY.writeValueAsString(actual) + "\n";
    Path kept = KEPT.resolve(file);
    try {
      if (Boolean.getBoolean("served-api.record")) {
        Files.writeString(kept, printed, StandardCharsets.UTF_8);
      }
      assertThat(printed)
          .as("%s, as served now, against %s", file, kept)
          .isEqualTo(Files.readString(kept, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
