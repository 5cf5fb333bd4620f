package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's Workloads page in a real headless Chromium against the whole federation with the
 * default four clusters. A workload's bars show where its replicas are, as the API places them;
 * when the cluster holding most of them is cut off, the bars move to the other clusters on the open
 * page, without a reload. A few hundred workloads are shown fifty at a time, searched by name,
 * narrowed to a namespace and filtered by a label selector, whose refusal by the API is shown next
 * to the field; the Fleet page is searched and filtered the same way. The navigation marks the
 * current page. Screenshots under {@code target/screenshots/}, the failover as {@code
 * dashboard-workloads.png}.
 */
class WorkloadsDashboardE2E extends DashboardTestBase {
  private static final String NOWHERE =
      "{\"clusterSelector\": {\"matchLabels\": {\"nowhere\": \"x\"}}}";
  private static final int CATALOG = 260;

  @Test
  void theBarsOfAWorkloadMoveOffAClusterCutOffWithoutAReload() throws IOException {
    assertThat(
            fleet
                .api
                .post(
                    "/api/v1/namespaces/shop/workloads",
                    FleetHarness.workload("web", 3, FleetHarness.EU_ONLY))
                .status())
        .isEqualTo(201);
    browser.signIn(fleet.url(), Http.ADMIN_TOKEN);
    // Keyboard only: the navigation's link followed with Enter.
    browser
        .driver
        .findElement(By.cssSelector("nav a[data-route='workloads']"))
        .sendKeys(Keys.ENTER);
    // Other tests' workloads may come first: the search finds this one among them.
    browser.driver.findElement(By.id("workloads-search")).sendKeys("web");
    WebDriverWait patience = new WebDriverWait(browser.driver, PATIENCE);
    patience.until(d -> placed(bars("shop/web")) == 3 && ready(bars("shop/web")) == 3);

    assertThat(browser.text("nav a[aria-current='page']")).isEqualTo("Workloads");
    assertThat(placedByCluster(bars("shop/web"))).isEqualTo(fleet.placement("shop", "web"));
    assertThat(browser.text("tr[data-workload='shop/web'] td[data-field='replicas']"))
        .isEqualTo("3 / 3 / 3");
    assertThat(browser.text("tr[data-workload='shop/web'] td[data-field='conditions']"))
        .contains("Scheduled")
        .contains("Ready")
        .doesNotContain("Not");
    assertThat(browser.text("tr[data-workload='shop/web'] li[data-cluster]"))
        .as("numbers beside the bars, not colour alone")
        .matches(".+\\d+ placed, \\d+ ready");
    String victim =
        fleet.placement("shop", "web").entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    browser.script("window.notReloaded = true");

    fleet.sandbox().partition(victim);
    try {
      fleet.awaitReady(victim, "Unknown");
      patience.until(
          d -> {
            Map<String, Map<String, Long>> bars = bars("shop/web");
            return !bars.containsKey(victim) && placed(bars) == 3 && ready(bars) == 3;
          });
      browser.screenshot("workloads");
      assertThat(browser.script("return window.notReloaded === true"))
          .as("the same page, not reloaded")
          .isEqualTo(true);
      assertThat(placedByCluster(bars("shop/web"))).isEqualTo(fleet.placement("shop", "web"));
    } finally {
      fleet.sandbox().heal(victim);
    }
    fleet.awaitReady(victim, "True");
  }

  @Test
  void aFewHundredWorkloadsArePagedSearchedAndFilteredByLabel() {
    for (int i = 0; i < CATALOG; i++) {
      String name = "item-%03d".formatted(i);
      String labelled =
          FleetHarness.workload(name, 1, NOWHERE)
              .replace(
                  "{\"name\": \"" + name + "\"}",
                  "{\"name\": \""
                      + name
                      + "\", \"labels\": {\"parity\": \""
                      + (i % 2 == 0 ? "even" : "odd")
                      + "\"}}");
      assertThat(fleet.api.post("/api/v1/namespaces/catalog/workloads", labelled).status())
          .as(name)
          .isEqualTo(201);
    }
    browser.signIn(fleet.url(), Http.ADMIN_TOKEN);
    browser.driver.findElement(By.cssSelector("nav a[data-route='workloads']")).click();
    WebDriverWait patience = new WebDriverWait(browser.driver, PATIENCE);
    patience.until(
        d ->
            !d.findElements(By.cssSelector("#workloads-namespace option[value='catalog']"))
                .isEmpty());
    new Select(browser.driver.findElement(By.id("workloads-namespace"))).selectByValue("catalog");

    patience.until(d -> pager("workloads").equals("Page 1 of 6 · 1–50 of 260 workloads"));
    assertThat(rows()).hasSize(50).startsWith("catalog/item-000").endsWith("catalog/item-049");
    assertThat(browser.script("return document.querySelectorAll('#workloads-rows tr').length"))
        .as("only one page of rows in the document")
        .isEqualTo(50L);

    page("workloads", "next");
    patience.until(d -> pager("workloads").startsWith("Page 2 of 6 · 51–100"));
    assertThat(rows()).startsWith("catalog/item-050");
    page("workloads", "last");
    patience.until(d -> pager("workloads").equals("Page 6 of 6 · 251–260 of 260 workloads"));
    assertThat(rows()).hasSize(10).endsWith("catalog/item-259");

    WebElement search = browser.driver.findElement(By.id("workloads-search"));
    search.sendKeys("item-12");
    patience.until(d -> pager("workloads").equals("Page 1 of 1 · 1–10 of 10 workloads"));
    assertThat(rows())
        .containsExactly(
            "catalog/item-120",
            "catalog/item-121",
            "catalog/item-122",
            "catalog/item-123",
            "catalog/item-124",
            "catalog/item-125",
            "catalog/item-126",
            "catalog/item-127",
            "catalog/item-128",
            "catalog/item-129");
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);

    filterByLabels("workloads", "parity=odd");
    patience.until(d -> pager("workloads").equals("Page 1 of 3 · 1–50 of 130 workloads"));
    assertThat(rows()).startsWith("catalog/item-001", "catalog/item-003");

    filterByLabels("workloads", "parity in (odd");
    patience.until(d -> !browser.text("#workloads-labels-error").isBlank());
    assertThat(browser.text("#workloads-labels-error"))
        .startsWith("The API answered 400")
        .contains("labelSelector");
    assertThat(browser.driver.findElement(By.id("workloads-labels")).getAttribute("aria-invalid"))
        .isEqualTo("true");

    browser.driver.findElement(By.cssSelector("nav a[data-route='fleet']")).click();
    patience.until(d -> clusters().size() == 4);
    assertThat(browser.text("nav a[aria-current='page']")).isEqualTo("Fleet");
    browser.driver.findElement(By.id("fleet-search")).sendKeys("aws");
    patience.until(d -> clusters().equals(List.of("aws-eu-west", "aws-us-east")));
    filterByLabels("fleet", "topology.kubernetes.io/region=us-east");
    patience.until(d -> clusters().equals(List.of("aws-us-east")));
    assertThat(pager("fleet")).isEqualTo("Page 1 of 1 · 1–1 of 1 clusters");
  }

  private void filterByLabels(String page, String selector) {
    WebElement field = browser.driver.findElement(By.id(page + "-labels"));
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, selector, Keys.ENTER);
  }

  private void page(String list, String which) {
    browser
        .driver
        .findElement(By.cssSelector("#" + list + "-pager button[data-page='" + which + "']"))
        .click();
  }

  private String pager(String list) {
    return browser.text("#" + list + "-pager .pager-status");
  }

  @SuppressWarnings("unchecked")
  private List<String> rows() {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('#workloads-rows tr')].map(r => r.dataset.workload)");
  }

  @SuppressWarnings("unchecked")
  private List<String> clusters() {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('#regions tr[data-cluster]')]"
                + ".map(r => r.dataset.cluster)");
  }

  /**
   * The bars of a workload's row: each cluster's placed and ready replicas as the page shows them.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Long>> bars(String workload) {
    return (Map<String, Map<String, Long>>)
        browser.script(
            "const row = document.querySelector(\"tr[data-workload='\" + arguments[0] + \"']\");"
                + " return row ? Object.fromEntries([...row.querySelectorAll('li[data-cluster]')]"
                + ".map(b => [b.dataset.cluster, {placed: Number(b.dataset.placed),"
                + " ready: Number(b.dataset.ready)}])) : {}",
            workload);
  }

  private static long placed(Map<String, Map<String, Long>> bars) {
    return bars.values().stream().mapToLong(b -> b.get("placed")).sum();
  }

  private static long ready(Map<String, Map<String, Long>> bars) {
    return bars.values().stream().mapToLong(b -> b.get("ready")).sum();
  }

  private static Map<String, Integer> placedByCluster(Map<String, Map<String, Long>> bars) {
    Map<String, Integer> placed = new TreeMap<>();
    bars.forEach((cluster, bar) -> placed.put(cluster, bar.get("placed").intValue()));
    return placed;
  }
}
