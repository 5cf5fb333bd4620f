package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its chromedriver, on the dashboard: what the
 * dashboard's end-to-end tests share. Screenshots go to {@code target/screenshots/}.
 */
final class DashboardBrowser implements AutoCloseable {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;

  /** A fresh browser with its own profile in {@code profile}. */
  DashboardBrowser(Path profile) {
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
    driver = new ChromeDriver(service, options);
  }

  /**
   * Opens the dashboard of the federation at {@code federation} and signs in with {@code token}.
   */
  void signIn(URI federation, String token) {
    driver.get(federation + "/ui");
    WebElement field =
        new WebDriverWait(driver, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat(driver.findElement(By.cssSelector("label[for='token']")).getText())
        .isEqualTo("API token");
    field.sendKeys(token);
    driver.findElement(By.cssSelector("#login-form button[type='submit']")).click();
  }

  /**
   * Runs a script in the page. Tests read what they check in one script each: the pages redraw on
   * every change, so elements found earlier may be gone by the time they are asked about.
   */
  Object script(String script, Object... arguments) {
    return driver.executeScript(script, arguments);
  }

  /** The text of the first element the selector finds, or an empty string. */
  String text(String selector) {
    return String.valueOf(
        script(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
            selector));
  }

  /** Saves what the browser shows as {@code target/screenshots/dashboard-<name>.png}. */
  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(
        shot,
        SCREENSHOTS.resolve("dashboard-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
