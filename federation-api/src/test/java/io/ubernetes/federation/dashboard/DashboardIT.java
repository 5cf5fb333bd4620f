package io.ubernetes.federation.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard opens in a browser that has no token yet: its page and modules load without one,
 * under a content security policy that allows only the service itself. The page is revalidated by
 * ETag on every load and names its files under a path that carries their version, where they are
 * immutable; another version's path is not found, so a new version is never mixed with an old one.
 * The API they call still needs a token.
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
    assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(page.body())
        .containsPattern("<script type=\"module\" src=\"/ui/assets/[^/\"]+/app\\.js\"></script>")
        .contains("<link rel=\"stylesheet\" href=\"" + assets(browser) + "dashboard.css\">");
    assertThat(page.header("Content-Security-Policy"))
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe")
        .as("no identity provider configured, so no other origin to reach")
        .doesNotContain("connect-src");
    assertThat(page.header("ETag")).isNotBlank();
  }

  @Test
  void withoutAnIdentityProviderItsSettingsOfferTheApiTokenOnly() {
    Response settings = api.withToken(null).get("/ui/config.json");

    assertThat(settings.status()).as(settings.body()).isEqualTo(200);
    assertThat(settings.contentType()).startsWith("application/json");
    assertThat(
            settings.json().path("oidc").isMissingNode() || settings.json().path("oidc").isNull())
        .as(settings.body())
        .isTrue();
  }

  @Test
  void thePageIsRevalidatedByItsEtag() {
    ApiClient browser = api.withToken(null);
    Response page = browser.get("/ui/", "text/html");

    Response again =
        browser.withHeader("If-None-Match", page.header("ETag")).get("/ui/", "text/html");

    assertThat(again.status()).as("unchanged since the browser's copy").isEqualTo(304);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app.js",
        "api.js",
        "oidc.js",
        "watch.js",
        "paging.js",
        "fleet.js",
        "workloads.js",
        "quantity.js",
        "dom.js",
        "explanation.js",
        "workload.js",
        "whatif.js",
        "dashboard.css"
      })
  void itsFilesLoadWithoutATokenUnderTheirVersionAndAreKeptForAYear(String file) {
    ApiClient browser = api.withToken(null);

    Response loaded = browser.get(assets(browser) + file, "*/*");

    assertThat(loaded.status()).as(file).isEqualTo(200);
    assertThat(loaded.contentType())
        .startsWith(file.endsWith(".js") ? "text/javascript" : "text/css");
    assertThat(loaded.header("Cache-Control"))
        .contains("max-age=31536000")
        .contains("public")
        .contains("immutable")
        .doesNotContain("no-cache");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/ui/app.js", "/ui/assets/0.0.1-000000000000/app.js", "/ui/assets/app.js"})
  void aFileOutsideTheCurrentVersionIsNotFound(String path) {
    Response missing = api.withToken(null).get(path, "*/*");

    assertThat(missing.status()).as(path).isEqualTo(404);
  }

  /** The folder of the current version's files, as the page names it. */
  private static String assets(ApiClient browser) {
    Matcher script =
        Pattern.compile("src=\"(/ui/assets/[^\"]+/)app\\.js\"")
            .matcher(browser.get("/ui/", "text/html").body());
    assertThat(script.find()).as("the page names app.js under a versioned path").isTrue();
    return script.group(1);
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
