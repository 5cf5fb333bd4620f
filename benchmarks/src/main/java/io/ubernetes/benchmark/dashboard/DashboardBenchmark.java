package io.ubernetes.benchmark.dashboard;

import io.ubernetes.benchmark.ApiBenchmark;
import io.ubernetes.benchmark.Arguments;
import io.ubernetes.federation.FederationApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard on a large fleet: a federation service with {@code --clusters} member clusters
 * (1,000) and {@code --workloads} workloads (10,000, in {@code --namespaces} namespaces), seeded as
 * {@link DashboardSeed} says, opened in Debian's headless Chromium. Prints how long the Fleet and
 * Workloads pages take to show their first page and to hold the whole fleet, to answer a search and
 * a label filter, and the page's JavaScript heap and DOM size. Times are wall times seen from this
 * driver, which looks at the page every 5 ms; nothing is asserted.
 */
public final class DashboardBenchmark {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final Duration LOOK_EVERY = Duration.ofMillis(5);

  private final WebDriver browser;
  private final List<String> lines = new ArrayList<>();

  private DashboardBenchmark(WebDriver browser) {
    this.browser = browser;
  }

  public static void main(String[] args) throws Exception {
    int clusters = Integer.parseInt(Arguments.value(args, "clusters", "1000"));
    int workloads = Integer.parseInt(Arguments.value(args, "workloads", "10000"));
    int namespaces = Integer.parseInt(Arguments.value(args, "namespaces", "100"));
    Path work = Files.createTempDirectory("ubernetes-dashboard-benchmark");
    try {
      System.out.println("Starting the federation service on an embedded PostgreSQL of its own...");
      try (ConfigurableApplicationContext service =
          new SpringApplicationBuilder(FederationApplication.class)
              .run(ApiBenchmark.serviceArgs(args, 32, work.resolve("postgres")))) {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        String base = "http://127.0.0.1:" + port;
        DashboardSeed seed = new DashboardSeed(base, ApiBenchmark.ADMIN_TOKEN);
        long started = System.nanoTime();
        System.out.printf("Creating %d clusters through the API...%n", clusters);
        seed.clusters(clusters);
        System.out.printf(
            "Creating %d workloads in %d namespaces through the API...%n", workloads, namespaces);
        seed.workloads(workloads, namespaces);
        DashboardSeed.statuses(service.getBean(DataSource.class), clusters);
        System.out.printf("Seeded in %.0f s%n", (System.nanoTime() - started) / 1e9);

        ChromeDriver browser = chromium(work.resolve("profile"));
        try {
          new DashboardBenchmark(browser).run(base, clusters, workloads);
        } finally {
          browser.quit();
        }
      }
    } finally {
      Arguments.deleteRecursively(work);
    }
  }

  private static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
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
    return new ChromeDriver(
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build(),
        options);
  }

  private void run(String base, int clusters, int workloads) {
    ChromeDriver chrome = (ChromeDriver) browser;
    chrome.executeCdpCommand("Performance.enable", Map.of());

    browser.get(base + "/ui/");
    browser.findElement(By.id("token")).sendKeys(ApiBenchmark.ADMIN_TOKEN, Keys.ENTER);
    long signedIn = System.nanoTime();
    time(
        "Fleet: first page of clusters shown",
        signedIn,
        d -> rows("#regions tr[data-cluster]") > 0);
    time(
        "Fleet: all %,d clusters listed".formatted(clusters),
        signedIn,
        d -> text("#fleet-summary").startsWith(clusters + " member clusters"));
    String one = DashboardSeed.clusterName(clusters / 2);
    long searched = type("fleet-search", one);
    time(
        "Fleet: search for one cluster by name",
        searched,
        d -> rows("#regions tr[data-cluster]") == 1);
    type("fleet-search", Keys.chord(Keys.CONTROL, "a") + Keys.BACK_SPACE);
    String region = DashboardSeed.region(7);
    long filtered = type("fleet-labels", "topology.kubernetes.io/region=" + region + Keys.ENTER);
    int inRegion = (clusters + DashboardSeed.REGIONS - 1 - 7) / DashboardSeed.REGIONS;
    time(
        "Fleet: label filter to one region (%d clusters)".formatted(inRegion),
        filtered,
        d -> pager("fleet").endsWith(" of " + inRegion + " clusters"));
    metrics("Fleet, filtered to a region");

    long opened = System.nanoTime();
    browser.findElement(By.cssSelector("nav a[data-route='workloads']")).click();
    time("Workloads: first page shown", opened, d -> rows("#workloads-rows tr") > 0);
    String total = String.format(Locale.ROOT, "%,d workloads.", workloads);
    time(
        "Workloads: all %,d listed".formatted(workloads),
        opened,
        d -> text("#workloads-summary").equals(total));
    metrics("Workloads, all %,d loaded".formatted(workloads));
    String name = DashboardSeed.workloadName(workloads / 2 + 7);
    searched = type("workloads-search", name);
    time("Workloads: search for one by name", searched, d -> rows("#workloads-rows tr") == 1);
    type("workloads-search", Keys.chord(Keys.CONTROL, "a") + Keys.BACK_SPACE);
    String app = DashboardSeed.app(7);
    int withApp = (workloads + DashboardSeed.APPS - 1 - 7) / DashboardSeed.APPS;
    filtered = type("workloads-labels", "app=" + app + Keys.ENTER);
    time(
        "Workloads: label filter app=%s (%d workloads)".formatted(app, withApp),
        filtered,
        d -> pager("workloads").endsWith(String.format(Locale.ROOT, " of %,d workloads", withApp)));
    metrics("Workloads, filtered by label");

    System.out.println();
    System.out.printf(
        "Dashboard with %,d clusters and %,d workloads, headless Chromium %s:%n",
        clusters, workloads, chrome.getCapabilities().getBrowserVersion());
    lines.forEach(System.out::println);
  }

  private long type(String field, CharSequence keys) {
    long now = System.nanoTime();
    browser.findElement(By.id(field)).sendKeys(keys);
    return now;
  }

  private void time(String what, long since, Function<WebDriver, Boolean> done) {
    new WebDriverWait(browser, PATIENCE, LOOK_EVERY).until(done);
    lines.add(
        String.format(Locale.ROOT, "  %-58s %8.0f ms", what, (System.nanoTime() - since) / 1e6));
  }

  @SuppressWarnings("unchecked")
  private void metrics(String when) {
    ChromeDriver chrome = (ChromeDriver) browser;
    Map<String, Object> before = chrome.executeCdpCommand("Performance.getMetrics", Map.of());
    chrome.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
    Map<String, Object> after = chrome.executeCdpCommand("Performance.getMetrics", Map.of());
    Map<String, Number> was = values((List<Map<String, Object>>) before.get("metrics"));
    Map<String, Number> is = values((List<Map<String, Object>>) after.get("metrics"));
    lines.add(
        String.format(
            Locale.ROOT,
            "  %-58s %5.1f MiB JS heap used (%.1f MiB after a GC), %d DOM nodes",
            when + ":",
            was.get("JSHeapUsedSize").doubleValue() / (1 << 20),
            is.get("JSHeapUsedSize").doubleValue() / (1 << 20),
            is.get("Nodes").longValue()));
  }

  private static Map<String, Number> values(List<Map<String, Object>> metrics) {
    Map<String, Number> values = new java.util.HashMap<>();
    for (Map<String, Object> metric : metrics) {
      values.put((String) metric.get("name"), (Number) metric.get("value"));
    }
    return values;
  }

  private long rows(String selector) {
    return (Long)
        ((ChromeDriver) browser)
            .executeScript("return document.querySelectorAll(arguments[0]).length", selector);
  }

  private String text(String selector) {
    return String.valueOf(
        ((ChromeDriver) browser)
            .executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
                selector));
  }

  private String pager(String list) {
    return text("#" + list + "-pager .pager-status");
  }
}
