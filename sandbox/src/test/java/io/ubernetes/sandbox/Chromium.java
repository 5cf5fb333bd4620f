package io.ubernetes.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through its chromedriver, as the dashboard's browser tests use it. */
final class Chromium {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  /** A fresh browser whose profile lives in {@code profile}; the caller quits it. */
  static ChromeDriver open(Path profile) {
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
    return new ChromeDriver(service, options);
  }

  /**
   * Saves the browser's last state as a screenshot (a test's, named after it), then quits it; does
   * nothing for a browser that never opened.
   */
  static void close(ChromeDriver browser, String name) throws IOException {
    if (browser == null) {
      return;
    }
    try {
      screenshot(browser, name);
    } finally {
      browser.quit();
    }
  }

  /** Saves what the browser shows as {@code target/screenshots/dashboard-<name>.png}. */
  static void screenshot(ChromeDriver browser, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(
        shot,
        SCREENSHOTS.resolve("dashboard-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
