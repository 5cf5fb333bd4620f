package io.ubernetes.federation.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Swagger UI opens in a browser that has no token yet: its page, scripts, styles and configuration
 * and the OpenAPI document load without one, and the document declares the bearer scheme, so that
 * the UI's Authorize button takes an API token and every "Try it out" sends it.
 */
class SwaggerUiIT extends ApiIntegrationTest {

  @Test
  void theUiAddressLeadsToItsPageWithoutAToken() {
    ApiClient browser = api.withToken(null);

    Response entry = browser.get("/swagger-ui.html", "text/html");
    Response page = browser.get("/swagger-ui/index.html", "text/html");

    assertThat(entry.status()).as(entry.body()).isEqualTo(302);
    assertThat(entry.header("Location")).endsWith("/swagger-ui/index.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui-bundle.js").contains("swagger-initializer.js");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/swagger-ui/swagger-initializer.js",
        "/swagger-ui/swagger-ui-bundle.js",
        "/swagger-ui/swagger-ui-standalone-preset.js",
        "/swagger-ui/swagger-ui.css",
        "/swagger-ui/index.css",
        "/swagger-ui/favicon-32x32.png"
      })
  void theUisFilesLoadWithoutAToken(String file) {
    Response loaded = api.withToken(null).get(file, "*/*");

    assertThat(loaded.status()).as(file).isEqualTo(200);
    assertThat(loaded.body()).isNotEmpty();
  }

  @Test
  void theUisConfigurationPointsAtTheDocumentWhichLoadsWithoutAToken() {
    ApiClient browser = api.withToken(null);

    Response config = browser.get("/v3/api-docs/swagger-config");
    assertThat(config.status()).as(config.body()).isEqualTo(200);
    assertThat(config.at("/url")).isEqualTo("/v3/api-docs");
    Response document = browser.get(config.at("/url"));

    assertThat(document.status()).as(document.body()).isEqualTo(200);
    JsonNode openApi = document.json();
    assertThat(openApi.at("/components/securitySchemes/bearer/type").asString()).isEqualTo("http");
    assertThat(openApi.at("/components/securitySchemes/bearer/scheme").asString())
        .isEqualTo("bearer");
    assertThat(openApi.path("security").valueStream().map(r -> r.has("bearer")))
        .as("every operation asks for the bearer token")
        .containsExactly(true);
    assertThat(openApi.at("/paths/~1api~1v1~1agent~1join/post/security").isArray())
        .as("but the agents' join, which takes the join token in its body")
        .isTrue();
    assertThat(openApi.at("/paths/~1api~1v1~1agent~1join/post/security").isEmpty()).isTrue();
  }

  @Test
  void theApiItselfStillNeedsAToken() {
    Response refused = api.withToken(null).get("/api/v1/clusters");

    assertThat(refused.status()).isEqualTo(401);
  }
}
