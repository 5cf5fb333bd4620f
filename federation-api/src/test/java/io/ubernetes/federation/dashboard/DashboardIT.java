package io.ubernetes.federation.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard opens in a browser that has no token yet: its page and modules load without one,
 * under a content security policy that allows only the service itself, and are revalidated by ETag
 * so that a new version is never mixed with an old one; the API they call still needs a token.
 */
class DashboardIT extends ApiIntegrationTest {

  @Test
  void theDashboardAddressLeadsToItsPageWithoutAToken() {
    ApiClient browser = api.withToken(null);

    Response entry = browser.get("/ui", "text/html");
    Response page = browser.get("/ui/", "text/html");

    assertThat(entry.status()).as(entry.body()).isEqualTo(302);
    assertThat(entry.header("Location")).endsWith("/ui/");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
    assertThat(page.header("Content-Security-Policy"))
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(page.header("ETag")).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app.js",
        "api.js",
        "watch.js",
        "fleet.js",
        "quantity.js",
        "dom.js",
        "explanation.js",
        "workload.js",
        "whatif.js",
        "dashboard.css"
      })
  void itsFilesLoadWithoutATokenAndAreRevalidatedByTheirEtag(String file) {
    ApiClient browser = api.withToken(null);

    Response loaded = browser.get("/ui/" + file, "*/*");

    assertThat(loaded.status()).as(file).isEqualTo(200);
    assertThat(loaded.contentType())
        .startsWith(file.endsWith(".js") ? "text/javascript" : "text/css");
    assertThat(loaded.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(loaded.header("ETag")).isNotBlank();
    Response again =
        browser.withHeader("If-None-Match", loaded.header("ETag")).get("/ui/" + file, "*/*");
    assertThat(again.status()).as("unchanged since the browser's copy").isEqualTo(304);
  }

  @Test
  void theClustersItShowsStillNeedAToken() {
    Response refused = api.withToken(null).get("/apis/ubernetes.io/v1/memberclusters");
    Response listed = api.get("/apis/ubernetes.io/v1/memberclusters");

    assertThat(refused.status()).isEqualTo(401);
    assertThat(listed.status()).isEqualTo(200);
  }

  @Test
  void writingUnderItsAddressIsNotOpenToAnyone() {
    Response refused = api.withToken(null).post("/ui/index.html", "{}");

    assertThat(refused.status()).isEqualTo(401);
  }
}
