package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium (Debian's, through its chromedriver) against the whole
 * federation with the default four clusters: signing in with the admin token shows the fleet
 * grouped by region; a cluster cut off from the federation turns Unknown on the open page, without
 * a reload, as the watch brings the change; the page reconnects by itself after the federation
 * restarts and keeps following changes; a bad token gets the sign-in error. Screenshots of each
 * test's last state are saved under {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardE2E {
  private static final Map<String, String> REGIONS =
      Map.of(
          "onprem-fra", "eu-central",
          "aws-eu-west", "eu-west",
          "gcp-eu-north", "eu-north",
          "aws-us-east", "us-east");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String NAMESPACE = "shop";
  private static final String WORKLOADS =
      "/apis/ubernetes.io/v1/namespaces/" + NAMESPACE + "/federatedworkloads";

  @TempDir static Path data;
  @TempDir Path profile;
  private static FleetHarness fleet;
  private WebDriver browser;

  @BeforeAll
  static void start() {
    fleet = new FleetHarness(data);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    // Without the networking flags Chromium's own connections are refused by a closed network.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1440,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeBrowser(TestInfo test) throws IOException {
    if (browser == null) {
      return;
    }
    try {
      screenshot(test.getTestMethod().orElseThrow().getName());
    } finally {
      browser.quit();
    }
  }

  @Test
  void theFleetPageShowsTheClustersByRegionAndSeesACutOffClusterTurnUnknownWithoutAReload()
      throws IOException {
    signIn(Http.ADMIN_TOKEN);
    WebDriverWait patience = new WebDriverWait(browser, PATIENCE);
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
    assertThat(browser.findElement(By.id("live")).getText()).startsWith("Live");
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
    WebDriverWait patience = new WebDriverWait(browser, PATIENCE);
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

  /**
   * First, while every cluster is healthy: a cluster cut off by another test takes no new replicas
   * for the rest of the run (recovery hold-down), and the what-if would have nowhere to move them.
   */
  @Test
  @Order(1)
  void theWorkloadPageShowsThePlacementTermByTermItsDnsNamesAndAWhatIfAsTheApiGivesThem()
      throws IOException {
    createWorkload("web");
    Http.Answer service =
        fleet.api.post(
            "/api/v1/namespaces/" + NAMESPACE + "/services",
            """
            {"metadata": {"name": "front"},
             "spec": {"workload": "web", "type": "LoadBalancer", "ports": [{"name": "http", "port": 80}]}}
            """);
    assertThat(service.status()).as(service.json().toString()).isEqualTo(201);
    Map<String, Integer> placed = awaitPlacedAndReady("web");
    // Every cluster that runs it has reported its Service: the names are complete.
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                placed.keySet().stream()
                    .allMatch(
                        c -> dnsNames("front").stream().anyMatch(n -> n.contains("." + c + "."))));

    signIn(Http.ADMIN_TOKEN);
    browser.get(fleet.url() + "/ui/#/workloads/" + NAMESPACE + "/web");
    awaitExplanationAsTheApiGivesIt("web");
    PlacementShown stored = PlacementShown.ofApi(placement("web"));
    assertThat(stored.rejected())
        .as("the cluster outside the EU, with the API's words")
        .containsEntry("aws-us-east", "region not in [eu-central, eu-west, eu-north]");
    assertThat(stored.chosen()).isNotEmpty();
    assertThat(
            script(
                "return [...document.querySelectorAll('#workload-dns [data-dns-name]')]"
                    + ".map(n => n.textContent)"))
        .as("the DNS names, as the FederatedService's status gives them")
        .isEqualTo(dnsNames("front"));
    assertThat(text("#workload-counts [data-field='desired']")).isEqualTo("4");
    assertThat(text("#workload-events"))
        .as("the events, or that this federation has none to give")
        .containsAnyOf("No events recorded", "Events are not available", "Last seen");
    screenshot("workload");
    script("document.getElementById('workload-placement-title').scrollIntoView()");
    screenshot("workloadPlacement");

    String busiest = busiest(placed);
    WebElement failed =
        browser.findElement(
            By.cssSelector(
                "#whatif-clusters input[data-mark='failed'][data-cluster='" + busiest + "']"));
    assertThat(
            browser
                .findElement(By.cssSelector("label[for='" + failed.getAttribute("id") + "']"))
                .getAttribute("textContent"))
        .isEqualTo(busiest + " failed");
    failed.sendKeys(Keys.SPACE);
    assertThat(failed.isSelected()).as("marked from the keyboard").isTrue();
    browser.findElement(By.id("whatif-simulate")).sendKeys(Keys.ENTER);
    WebDriverWait patience = new WebDriverWait(browser, PATIENCE);
    patience.until(
        d -> script("return document.querySelector('#whatif-result table.compare')") != null);
    script("document.getElementById('whatif-result').scrollIntoView()");
    screenshot("whatIf");

    JsonNode simulated =
        fleet.api.post("/api/v1/placement:simulate", simulationRequest("web", busiest)).json();
    PlacementShown shown =
        PlacementShown.ofPage(
            String.valueOf(script(PlacementShown.READ_PAGE, "#whatif-explanation")));
    assertThat(shown).isEqualTo(PlacementShown.ofApi(simulated));
    assertThat(shown.replicas()).as("the failed cluster is given none").doesNotContainKey(busiest);
    assertThat(shown.replicas().values().stream().mapToInt(Integer::intValue).sum())
        .as("its replicas move to the other EU clusters")
        .isEqualTo(4);
    assertThat(text("#whatif-said")).startsWith("Simulated: 4/4 replicas");
    for (String cluster : clustersIn(simulated.path("replicas"), placed)) {
      assertThat(
              text("#whatif-result tr[data-cluster='" + cluster + "'] td[data-field='simulated']"))
          .as("simulated replicas on %s", cluster)
          .isEqualTo(String.valueOf(simulated.path("replicas").path(cluster).asInt(0)));
      assertThat(text("#whatif-result tr[data-cluster='" + cluster + "'] td[data-field='now']"))
          .as("replicas placed now on %s", cluster)
          .isEqualTo(String.valueOf(placed.getOrDefault(cluster, 0)));
    }
  }

  @Test
  void theOpenWorkloadPageMovesItsBarsWhenACutOffClusterFailsOverWithoutAReload()
      throws IOException {
    createWorkload("moving");
    Map<String, Integer> placed = awaitPlacedAndReady("moving");
    signIn(Http.ADMIN_TOKEN);
    browser.get(fleet.url() + "/ui/#/workloads/" + NAMESPACE + "/moving");
    WebDriverWait patience = new WebDriverWait(browser, PATIENCE);
    patience.until(d -> bars().equals(placed));
    awaitExplanationAsTheApiGivesIt("moving");
    assertThat(live()).startsWith("Live");
    script("window.notReloaded = true");

    String busiest = busiest(placed);
    fleet.sandbox().partition(busiest);
    try {
      fleet.awaitReady(busiest, "Unknown");
      patience.until(
          d -> {
            Map<String, Integer> bars = bars();
            return !bars.containsKey(busiest)
                && bars.values().stream().mapToInt(Integer::intValue).sum() == 4;
          });
      awaitExplanationAsTheApiGivesIt("moving");
      assertThat(PlacementShown.ofApi(placement("moving")).replicas()).doesNotContainKey(busiest);
      screenshot("workloadFailedOver");
      assertThat(script("return window.notReloaded === true"))
          .as("the same page, not reloaded")
          .isEqualTo(true);
      assertThat(
              text(
                  "#workload-shares tr[data-share='"
                      + bars().keySet().iterator().next()
                      + "'] td[data-field='placed']"))
          .as("the numbers in words beside the bar")
          .endsWith("placed");
    } finally {
      fleet.sandbox().heal(busiest);
    }
    fleet.awaitReady(busiest, "True");
  }

  @Test
  void aBadTokenGetsTheSignInError() {
    signIn("ubt_nobody_not-a-token-of-this-federation");

    WebElement error =
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login-error")));
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !error.getText().isBlank());

    assertThat(error.getText()).startsWith("The API did not accept this token");
    assertThat(browser.findElement(By.id("fleet")).isDisplayed()).isFalse();
  }

  private static void createWorkload(String name) {
    Http.Answer created =
        fleet.api.post(
            "/api/v1/namespaces/" + NAMESPACE + "/workloads",
            FleetHarness.workload(name, 4, FleetHarness.EU_ONLY));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
  }

  /** Waits until every replica of the workload is placed and ready; where they are. */
  private static Map<String, Integer> awaitPlacedAndReady(String name) {
    await()
        .atMost(PATIENCE)
        .until(() -> fleet.status(NAMESPACE, name).path("readyReplicas").asInt() == 4);
    return fleet.placement(NAMESPACE, name);
  }

  private static JsonNode placement(String name) {
    return fleet.api.get(WORKLOADS + "/" + name + "/placement").json();
  }

  /** The request the page sends: the workload as stored, with {@code failed} marked failed. */
  private static String simulationRequest(String name, String failed) {
    JsonNode stored = fleet.api.get(WORKLOADS + "/" + name).json();
    return """
        {"workload": {"metadata": {"name": "%s", "namespace": "%s"}, "spec": %s},
         "failedClusters": ["%s"], "unschedulableClusters": []}
        """
        .formatted(name, NAMESPACE, stored.path("spec"), failed);
  }

  private static List<String> dnsNames(String service) {
    List<String> names = new ArrayList<>();
    fleet
        .api
        .get("/api/v1/namespaces/" + NAMESPACE + "/services/" + service)
        .json()
        .at("/status/dnsNames")
        .forEach(n -> names.add(n.asString()));
    return names;
  }

  private static String busiest(Map<String, Integer> placed) {
    return placed.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static Set<String> clustersIn(JsonNode replicas, Map<String, Integer> placed) {
    Set<String> clusters = new TreeSet<>(placed.keySet());
    replicas.properties().forEach(e -> clusters.add(e.getKey()));
    return clusters;
  }

  /**
   * Waits until the open page's placement explanation is the API's, term by term: the page reads it
   * again after the workload changes, and the scheduler may decide again meanwhile.
   */
  private void awaitExplanationAsTheApiGivesIt(String name) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Object page = script(PlacementShown.READ_PAGE, "#workload-placement");
              assertThat(page).as("an explanation on the page").isNotNull();
              JsonNode api = placement(name);
              assertThat(PlacementShown.decidedAt(String.valueOf(page)))
                  .isEqualTo(api.path("decidedAt").asString());
              assertThat(PlacementShown.ofPage(String.valueOf(page)))
                  .isEqualTo(PlacementShown.ofApi(api));
            });
  }

  /** Replicas placed per cluster, as the page's bars say them. */
  private Map<String, Integer> bars() {
    Map<String, Integer> bars = new TreeMap<>();
    Object rows =
        script(
            "return [...document.querySelectorAll('#workload-shares tr[data-share]')]"
                + ".map(r => [r.dataset.share, r.dataset.placed])");
    if (rows instanceof List<?> list) {
      for (Object row : list) {
        List<?> pair = (List<?>) row;
        bars.put(String.valueOf(pair.get(0)), Integer.valueOf(String.valueOf(pair.get(1))));
      }
    }
    return bars;
  }

  private String text(String selector) {
    return String.valueOf(
        script(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null",
            selector));
  }

  private void signIn(String token) {
    browser.get(fleet.url() + "/ui");
    WebElement field =
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat(browser.findElement(By.cssSelector("label[for='token']")).getText())
        .isEqualTo("API token");
    field.sendKeys(token);
    browser.findElement(By.cssSelector("#login-form button[type='submit']")).click();
  }

  private String health(String cluster) {
    return String.valueOf(
        script(
            "const word = document.querySelector(\"tr[data-cluster='\" + arguments[0]"
                + " + \"'] [data-health]\"); return word ? word.textContent : ''",
            cluster));
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(
        shot,
        SCREENSHOTS.resolve("dashboard-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private String live() {
    return String.valueOf(script("return document.getElementById('live').textContent"));
  }

  private String schedulable(String cluster) {
    return String.valueOf(
        script(
            "const cell = document.querySelector(\"tr[data-cluster='\" + arguments[0]"
                + " + \"'] td[data-field='schedulable']\"); return cell ? cell.textContent : ''",
            cluster));
  }

  private Object script(String script, Object... arguments) {
    return ((ChromeDriver) browser).executeScript(script, arguments);
  }
}
