package io.ubernetes.federation.web;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OperationsIT extends ApiIntegrationTest {

  @Test
  void livenessAndReadinessIncludingTheDatabase() {
    Response liveness = api.get("/actuator/health/liveness");
    Response readiness = api.get("/actuator/health/readiness");

    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.at("/status")).isEqualTo("UP");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.at("/status")).isEqualTo("UP");
    assertThat(readiness.at("/components/db/status")).isEqualTo("UP");
  }

  @Test
  void exposesRequestLatencyHistogramsPerEndpoint() {
    String name = unique("metrics");
    api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));
    api.get("/api/v1/clusters/" + name);

    Response metrics = api.get("/actuator/prometheus", "text/plain");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .containsPattern(
            "http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/v1/clusters/\\{name\\}\"")
        .containsPattern(
            "http_server_requests_seconds_bucket\\{[^}]*method=\"POST\"[^}]*uri=\"/api/v1/clusters\"");
  }

  @Test
  void describesEveryResourceAndErrorInOpenApi31() {
    Response docs = api.get("/v3/api-docs");

    assertThat(docs.status()).isEqualTo(200);
    JsonNode openApi = docs.json();
    assertThat(openApi.path("openapi").asString()).startsWith("3.1");
    assertThat(openApi.path("paths").propertyNames())
        .contains(
            "/api/v1/clusters",
            "/api/v1/clusters/{name}",
            "/api/v1/namespaces/{namespace}/workloads",
            "/api/v1/namespaces/{namespace}/workloads/{name}",
            "/api/v1/workloads",
            "/api/v1/placementpolicies",
            "/api/v1/placementpolicies/{name}",
            "/api/v1/rolloutstrategies",
            "/api/v1/rolloutstrategies/{name}",
            "/api/v1/namespaces/{namespace}/services",
            "/api/v1/namespaces/{namespace}/services/{name}",
            "/api/v1/namespaces/{namespace}/federatedobjects",
            "/api/v1/namespaces/{namespace}/federatedobjects/{name}");
    assertThat(openApi.at("/components/schemas").propertyNames())
        .contains(
            "MemberCluster",
            "FederatedWorkload",
            "PlacementPolicy",
            "RolloutStrategy",
            "FederatedService",
            "FederatedObject",
            "Problem");
    assertThat(openApi.path("paths").has("/error")).isFalse();
    assertThat(
            openApi
                .at(
                    "/paths/~1api~1v1~1clusters/post/requestBody/content/application~1yaml/schema/$ref")
                .asString())
        .isEqualTo("#/components/schemas/MemberCluster");
    assertThat(
            openApi
                .at(
                    "/paths/~1api~1v1~1namespaces~1{namespace}~1workloads~1{name}/put/requestBody/content/application~1json/schema/$ref")
                .asString())
        .isEqualTo("#/components/schemas/FederatedWorkload");
    JsonNode create = openApi.at("/paths/~1api~1v1~1clusters/post/responses");
    assertThat(create.propertyNames()).contains("201", "400", "409", "413", "415", "422");
    assertThat(create.at("/422/content").propertyNames())
        .containsExactly("application/problem+json");
  }

  @Test
  void servesSwaggerUi() {
    Response ui = api.get("/swagger-ui/index.html", "text/html");

    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.body()).contains("Swagger UI");
  }
}
