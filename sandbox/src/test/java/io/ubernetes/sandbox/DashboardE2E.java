package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's, through its chromedriver) against the whole
 * federation with the default four clusters: signing in with the admin token shows the fleet
 * grouped by region; a cluster cut off from the federation turns Unknown on the open page, without
 * a reload, as the watch brings the change; the page reconnects by itself after the federation
 * restarts and keeps following changes; a bad token gets the sign-in error. Screenshots of each
 * test's last state are saved under {@code target/screenshots/}.
 */
class DashboardE2E extends DashboardTestBase {
  private static final Map<String, String> REGIONS =
      Map.of(
          "onprem-fra", "eu-central",
          "aws-eu-west", "eu-west",
          "gcp-eu-north", "eu-north",
          "aws-us-east", "us-east");

  @Test
  void theFleetPageShowsTheClustersByRegionAndSeesACutOffClusterTurnUnknownWithoutAReload()
      throws IOException {
    signIn(Http.ADMIN_TOKEN);
    WebDriverWait patience = new WebDriverWait(browser.driver, PATIENCE);
    patience.until(
        d ->
            Long.valueOf(4)
                .equals(script("return document.querySelectorAll('tr[data-cluster]').length")));

    // Read in one script each: the page redraws the fleet on every change (heartbeats included),
    // so elements found earlier may be gone by the time they are asked about.
    assertThat(
            script(
                "return [...document.querySelectorAll('#regions section')]"
                    + ".map(s => s.dataset.region)"))
        .isEqualTo(List.of("eu-central", "eu-north", "eu-west", "us-east"));
    REGIONS.forEach(
        (cluster, region) ->
            assertThat(
                    script(
                        "return document.querySelectorAll(\"section[data-region='\" + arguments[0]"
                            + " + \"'] tr[data-cluster='\" + arguments[1] + \"']\").length",
                        region,
                        cluster))
                .as("%s under region %s", cluster, region)
                .isEqualTo(1L));
    patience.until(d -> REGIONS.keySet().stream().allMatch(c -> health(c).equals("Ready")));
    assertThat(browser.driver.findElement(By.id("live")).getText()).startsWith("Live");
    // Marks the page: a reload would lose it.
    script("window.notReloaded = true");

    fleet.sandbox().partition("gcp-eu-north");
    try {
      fleet.awaitReady("gcp-eu-north", "Unknown");
      patience.until(d -> health("gcp-eu-north").equals("Unknown"));
      screenshot("aClusterCutOff");
      assertThat(health("aws-eu-west")).isEqualTo("Ready");
      assertThat(script("return window.notReloaded === true"))
          .as("the same page, not reloaded")
          .isEqualTo(true);
      assertThat(
              String.valueOf(
                  script(
                      "return document.querySelector(\"tr[data-cluster='gcp-eu-north']"
                          + " td[data-field='health']\").textContent")))
          .as("since when and why, in words")
          .contains("since");
    } finally {
      fleet.sandbox().heal("gcp-eu-north");
    }
    fleet.awaitReady("gcp-eu-north", "True");
  }

  @Test
  void theOpenPageReconnectsAfterTheFederationRestartsAndStillSeesChanges() throws IOException {
    signIn(Http.ADMIN_TOKEN);
    WebDriverWait patience = new WebDriverWait(browser.driver, PATIENCE);
    patience.until(d -> REGIONS.keySet().stream().allMatch(c -> health(c).equals("Ready")));
    script("window.notReloaded = true");

    fleet.stopFederation();
    try {
      patience.until(d -> live().startsWith("Connection lost"));
      screenshot("federationDown");
    } finally {
      fleet.startFederation();
    }
    patience.until(d -> live().startsWith("Live"));
    assertThat(
            fleet
                .api
                .mergePatch("/api/v1/clusters/aws-us-east", "{\"spec\": {\"unschedulable\": true}}")
                .status())
        .isEqualTo(200);
    try {
      patience.until(d -> schedulable("aws-us-east").equals("Cordoned"));
      assertThat(script("return window.notReloaded === true"))
          .as("the same page, not reloaded")
          .isEqualTo(true);
    } finally {
      fleet.api.mergePatch(
          "/api/v1/clusters/aws-us-east", "{\"spec\": {\"unschedulable\": false}}");
    }
    patience.until(d -> schedulable("aws-us-east").equals("Yes"));
  }

  @Test
  void aBadTokenGetsTheSignInError() {
    signIn("ubt_nobody_not-a-token-of-this-federation");

    WebElement error =
        new WebDriverWait(browser.driver, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login-error")));
    new WebDriverWait(browser.driver, Duration.ofSeconds(30))
        .until(d -> !error.getText().isBlank());

    assertThat(error.getText()).startsWith("The API did not accept this token");
    assertThat(browser.driver.findElement(By.id("fleet")).isDisplayed()).isFalse();
  }

  private void signIn(String token) {
    browser.signIn(fleet.url(), token);
  }

  private String health(String cluster) {
    return String.valueOf(
        script(
            "const word = document.querySelector(\"tr[data-cluster='\" + arguments[0]"
                + " + \"'] [data-health]\"); return word ? word.textContent : ''",
            cluster));
  }

  private void screenshot(String name) throws IOException {
    browser.screenshot(name);
  }

  private String live() {
    return browser.text("#live");
  }

  private String schedulable(String cluster) {
    return String.valueOf(
        script(
            "const cell = document.querySelector(\"tr[data-cluster='\" + arguments[0]"
                + " + \"'] td[data-field='schedulable']\"); return cell ? cell.textContent : ''",
            cluster));
  }

  private Object script(String script, Object... arguments) {
    return browser.script(script, arguments);
  }
}
