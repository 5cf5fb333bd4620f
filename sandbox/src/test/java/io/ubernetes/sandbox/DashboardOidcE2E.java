package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.sandbox.OidcProvider.Answer;
import io.ubernetes.sandbox.OidcProvider.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing in to the dashboard through an OpenID Connect provider, in a real headless Chromium
 * against the whole federation: the federation trusts a small provider started by the test ({@link
 * OidcProvider}), and the page signs in with it by the authorization code flow with PKCE. The
 * provider's users see what the API lets their roles see; a forged answer (another state), a code
 * bound to another PKCE challenge or an id token with another nonce signs nobody in; tokens are
 * renewed with the refresh token, and a session without one ends when its token lapses; signing out
 * forgets the tokens. The API token sign-in stays beside it. Screenshots under {@code
 * target/screenshots/}.
 */
class DashboardOidcE2E {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  @TempDir Path profile;
  private static OidcProvider provider;
  private static FleetHarness fleet;
  private DashboardBrowser window;
  private ChromeDriver browser;

  @BeforeAll
  static void start() {
    provider = new OidcProvider();
    try {
      fleet = new FleetHarness(data, provider.federationSettings());
    } catch (RuntimeException | Error e) {
      provider.close();
      throw e;
    }
  }

  @AfterAll
  static void stop() {
    try {
      if (fleet != null) {
        fleet.close();
      }
    } finally {
      provider.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    window = new DashboardBrowser(profile);
    browser = window.driver;
  }

  @AfterEach
  void closeBrowser(TestInfo test) throws IOException {
    try {
      window.screenshot("oidc-" + test.getTestMethod().orElseThrow().getName());
    } finally {
      window.close();
    }
  }

  @Test
  void anOperatorSignsInThroughTheProviderSeesTheFleetAndSignsOut() throws IOException {
    provider.signInNext(new User("olivia", List.of("operator"), List.of()), Answer.SIGN_IN);
    int exchanged = provider.exchanges.get();

    signInThroughTheProvider();

    awaitFleet();
    assertThat(provider.exchanges.get())
        .as("one code redeemed with its verifier")
        .isEqualTo(exchanged + 1);
    assertThat(browser.getCurrentUrl())
        .as("the code is gone from the address")
        .isEqualTo(fleet.url() + "/ui/");
    JsonNode claims = claims(storedToken());
    assertThat(claims.path("sub").asString()).isEqualTo("olivia");
    assertThat(claims.path("iss").asString()).isEqualTo(provider.issuer());
    assertThat(claims.path("aud").toString()).contains(OidcProvider.CLIENT_ID);
    window.screenshot("oidc-signedIn");
    String signedIn = storedToken();
    browser.navigate().refresh();
    awaitFleet();
    assertThat(storedToken()).as("kept for the tab across a reload").isEqualTo(signedIn);

    browser.findElement(By.id("sign-out")).click();

    WebElement error = visible("login-error");
    assertThat(error.getText()).isEqualTo("Signed out.");
    assertThat(script("return sessionStorage.length")).as("nothing kept").isEqualTo(0L);
    assertThat(browser.findElement(By.id("token")).isDisplayed())
        .as("the API token sign-in stays")
        .isTrue();
    browser.navigate().refresh();
    assertThat(visible("oidc-sign-in").getText()).isEqualTo("Sign in with Test IdP");
    assertThat(browser.findElement(By.id("fleet")).isDisplayed()).isFalse();
  }

  @Test
  void aTenantSeesTheFleetButTheApisRefusalOutsideItsNamespaceAndARolelessUserIsRefused() {
    provider.signInNext(new User("tina", List.of("viewer"), List.of("team-a")), Answer.SIGN_IN);

    signInThroughTheProvider();

    awaitFleet();
    Object outside =
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + " const files = document.querySelector('script[type=module]').src;"
                + " import(new URL('api.js', files).href)"
                + ".then(api => api.get('/api/v1/namespaces/team-b/workloads'))"
                + ".then(() => done('allowed'), error => done(error.status + ' ' + error.message))");
    assertThat(outside)
        .isEqualTo(
            "403 This token may not see this: this token is confined to namespaces [team-a]");

    // The Workloads page lists what the tenant may read, and stays signed in.
    browser.get(fleet.url() + "/ui/#/workloads");
    new WebDriverWait(browser, PATIENCE)
        .until(d -> visible("workloads-summary").getText().contains("workload"));
    assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("workloads")).isDisplayed()).isTrue();

    browser.findElement(By.id("sign-out")).click();
    provider.signInNext(new User("rolf", List.of(), List.of()), Answer.SIGN_IN);
    signInThroughTheProvider();

    WebElement error = visible("login-error");
    new WebDriverWait(browser, PATIENCE).until(d -> !error.getText().isBlank());
    assertThat(error.getText())
        .as("the API's own words")
        .startsWith("This token may not see this: ")
        .contains("User \"rolf\" cannot list resource \"memberclusters\"")
        .endsWith("the token carries no role (viewer, operator or admin)");
    assertThat(browser.findElement(By.id("fleet")).isDisplayed()).isFalse();
  }

  @Test
  void anAnswerWithAnotherStateACodeForAnotherVerifierOrATokenWithAnotherNonceSignsNobodyIn() {
    User mallory = new User("mallory", List.of("admin"), List.of());
    provider.signInNext(mallory, Answer.ANOTHER_STATE);
    int exchanged = provider.exchanges.get();

    signInThroughTheProvider();

    assertThat(signInError()).contains("does not belong to a sign-in started in this tab (state)");
    assertThat(provider.exchanges.get()).as("no code redeemed").isEqualTo(exchanged);
    assertThat(script("return sessionStorage.getItem('ubernetes.token')")).isNull();

    provider.signInNext(mallory, Answer.ANOTHER_CHALLENGE);
    int refused = provider.refusedVerifiers.get();
    signInThroughTheProvider();

    assertThat(signInError())
        .isEqualTo(
            "Test IdP refused the sign-in: PKCE verification failed: the code verifier does not"
                + " match the code challenge");
    assertThat(provider.refusedVerifiers.get()).isEqualTo(refused + 1);
    assertThat(script("return sessionStorage.getItem('ubernetes.token')")).isNull();

    provider.signInNext(mallory, Answer.ANOTHER_NONCE);
    signInThroughTheProvider();

    assertThat(signInError())
        .isEqualTo("The identity token was not issued for this sign-in (nonce); sign in again.");
    assertThat(script("return sessionStorage.getItem('ubernetes.token')")).isNull();
    assertThat(browser.findElement(By.id("fleet")).isDisplayed()).isFalse();
  }

  @Test
  void aTokenIsRenewedWithTheRefreshTokenAndWithoutOneTheSessionEndsWhenItLapses() {
    provider.signInNext(
        new User("rene", List.of("viewer"), List.of(), Duration.ofSeconds(6), true),
        Answer.SIGN_IN);
    int refreshed = provider.refreshes.get();
    signInThroughTheProvider();
    awaitFleet();
    String first = storedToken();
    script("window.notReloaded = true");

    new WebDriverWait(browser, PATIENCE).until(d -> provider.refreshes.get() >= refreshed + 2);

    assertThat(storedToken()).as("a renewed token").isNotEqualTo(first);
    assertThat(browser.findElement(By.id("fleet")).isDisplayed()).isTrue();
    assertThat(script("return window.notReloaded === true")).isEqualTo(true);

    browser.findElement(By.id("sign-out")).click();
    provider.signInNext(
        new User("lara", List.of("viewer"), List.of(), Duration.ofSeconds(10), false),
        Answer.SIGN_IN);
    signInThroughTheProvider();
    awaitFleet();

    assertThat(signInError()).isEqualTo("Your sign-in with Test IdP has lapsed; sign in again.");
    assertThat(script("return sessionStorage.getItem('ubernetes.token')")).isNull();
    assertThat(browser.findElement(By.id("fleet")).isDisplayed()).isFalse();
  }

  private void signInThroughTheProvider() {
    if (!browser.getCurrentUrl().startsWith(fleet.url().toString())) {
      browser.get(fleet.url() + "/ui/");
    }
    WebElement button = visible("oidc-sign-in");
    assertThat(button.getText()).isEqualTo("Sign in with Test IdP");
    script("window.beforeSignIn = true");
    button.click();
    // Back from the provider: a new page, no longer the one marked before the click.
    new WebDriverWait(browser, PATIENCE)
        .ignoring(WebDriverException.class)
        .until(
            d ->
                script("return window.beforeSignIn !== true && document.readyState === 'complete'")
                    .equals(true));
  }

  private void awaitFleet() {
    new WebDriverWait(browser, PATIENCE)
        .until(
            d ->
                Long.valueOf(4)
                    .equals(script("return document.querySelectorAll('tr[data-cluster]').length")));
  }

  private String signInError() {
    WebElement error = visible("login-error");
    new WebDriverWait(browser, PATIENCE).until(d -> !error.getText().isBlank());
    return error.getText();
  }

  private WebElement visible(String id) {
    return new WebDriverWait(browser, PATIENCE)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  private String storedToken() {
    return String.valueOf(script("return sessionStorage.getItem('ubernetes.token')"));
  }

  private static JsonNode claims(String jwt) {
    String payload = jwt.split("\\.")[1];
    return JSON.readTree(
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }

  private Object script(String script, Object... arguments) {
    return browser.executeScript(script, arguments);
  }
}
