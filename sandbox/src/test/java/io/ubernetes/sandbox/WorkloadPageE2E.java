package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * A workload's page in the dashboard, in a real headless Chromium against the whole federation with
 * the default four clusters: its placement term by term and its rejected clusters as the API gives
 * them, its DNS names as its FederatedService's status gives them, a what-if that answers as {@code
 * placement:simulate} does, and its bars moving on the open page when a cluster fails over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkloadPageE2E extends DashboardTestBase {
  private static final String NAMESPACE = "shop";
  private static final String WORKLOADS =
      "/apis/ubernetes.io/v1/namespaces/" + NAMESPACE + "/federatedworkloads";

  /** First: a cluster cut off by the other test takes no new replicas for minutes. */
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

    browser.signIn(fleet.url(), Http.ADMIN_TOKEN);
    browser.driver.get(fleet.url() + "/ui/#/workloads/" + NAMESPACE + "/web");
    awaitExplanationAsTheApiGivesIt("web");
    PlacementShown stored = PlacementShown.ofApi(placement("web"));
    assertThat(stored.rejected())
        .as("the cluster outside the EU, with the API's words")
        .containsEntry("aws-us-east", "region not in [eu-central, eu-west, eu-north]");
    assertThat(stored.chosen()).isNotEmpty();
    // The page reads the workload's services after its placement: their names may come a moment
    // later on a busy machine.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        browser.script(
                            "return [...document.querySelectorAll('#workload-dns [data-dns-name]')]"
                                + ".map(n => n.textContent)"))
                    .as("the DNS names, as the FederatedService's status gives them")
                    .isEqualTo(dnsNames("front")));
    assertThat(browser.text("#workload-counts [data-field='desired']")).isEqualTo("4");
    assertThat(browser.text("#workload-events"))
        .as("the workload's history: its first placement")
        .contains("Scheduled");
    browser.screenshot("workload");
    browser.script("document.getElementById('workload-placement-title').scrollIntoView()");
    browser.screenshot("workloadPlacement");

    String busiest = busiest(placed);
    WebElement failed =
        browser.driver.findElement(
            By.cssSelector(
                "#whatif-clusters input[data-mark='failed'][data-cluster='" + busiest + "']"));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("label[for='" + failed.getAttribute("id") + "']"))
                .getAttribute("textContent"))
        .isEqualTo(busiest + " failed");
    failed.sendKeys(Keys.SPACE);
    assertThat(failed.isSelected()).as("marked from the keyboard").isTrue();
    browser.driver.findElement(By.id("whatif-simulate")).sendKeys(Keys.ENTER);
    WebDriverWait patience = new WebDriverWait(browser.driver, PATIENCE);
    patience.until(
        d ->
            browser.script("return document.querySelector('#whatif-result table.compare')")
                != null);
    browser.script("document.getElementById('whatif-result').scrollIntoView()");
    browser.screenshot("whatIf");

    JsonNode simulated =
        fleet.api.post("/api/v1/placement:simulate", simulationRequest("web", busiest)).json();
    PlacementShown shown =
        PlacementShown.ofPage(
            String.valueOf(browser.script(PlacementShown.READ_PAGE, "#whatif-explanation")));
    assertThat(shown).isEqualTo(PlacementShown.ofApi(simulated));
    assertThat(shown.replicas()).as("the failed cluster is given none").doesNotContainKey(busiest);
    assertThat(shown.replicas().values().stream().mapToInt(Integer::intValue).sum())
        .as("its replicas move to the other EU clusters")
        .isEqualTo(4);
    assertThat(browser.text("#whatif-said")).startsWith("Simulated: 4/4 replicas");
    for (String cluster : clustersIn(simulated.path("replicas"), placed)) {
      assertThat(
              browser.text(
                  "#whatif-result tr[data-cluster='" + cluster + "'] td[data-field='simulated']"))
          .as("simulated replicas on %s", cluster)
          .isEqualTo(String.valueOf(simulated.path("replicas").path(cluster).asInt(0)));
      assertThat(
              browser.text(
                  "#whatif-result tr[data-cluster='" + cluster + "'] td[data-field='now']"))
          .as("replicas placed now on %s", cluster)
          .isEqualTo(String.valueOf(placed.getOrDefault(cluster, 0)));
    }
  }

  @Test
  void theOpenWorkloadPageMovesItsBarsWhenACutOffClusterFailsOverWithoutAReload()
      throws IOException {
    createWorkload("moving");
    Map<String, Integer> placed = awaitPlacedAndReady("moving");
    browser.signIn(fleet.url(), Http.ADMIN_TOKEN);
    browser.driver.get(fleet.url() + "/ui/#/workloads/" + NAMESPACE + "/moving");
    WebDriverWait patience = new WebDriverWait(browser.driver, PATIENCE);
    patience.until(d -> bars().equals(placed));
    awaitExplanationAsTheApiGivesIt("moving");
    assertThat(browser.text("#live")).startsWith("Live");
    browser.script("window.notReloaded = true");

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
      browser.screenshot("workloadFailedOver");
      assertThat(browser.script("return window.notReloaded === true"))
          .as("the same page, not reloaded")
          .isEqualTo(true);
      assertThat(
              browser.text(
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
              Object page = browser.script(PlacementShown.READ_PAGE, "#workload-placement");
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
        browser.script(
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
}
