package io.ubernetes.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard's end-to-end tests share: the whole federation with the default four clusters
 * for the class, a fresh headless Chromium for each test, and a screenshot of each test's last
 * state ({@code target/screenshots/dashboard-<test>.png}).
 */
abstract class DashboardTestBase {
  @TempDir static Path data;
  @TempDir Path profile;
  static FleetHarness fleet;
  DashboardBrowser browser;

  @BeforeAll
  static void startFleet() {
    fleet = new FleetHarness(data);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
      fleet = null;
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = new DashboardBrowser(profile);
  }

  @AfterEach
  void closeBrowser(TestInfo test) throws IOException {
    try {
      browser.screenshot(test.getTestMethod().orElseThrow().getName());
    } finally {
      browser.close();
    }
  }
}
