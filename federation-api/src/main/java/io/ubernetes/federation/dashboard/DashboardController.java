package io.ubernetes.federation.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The dashboard's page at its address itself, {@code /ui/}, which names its files under their
 * versioned path ({@link DashboardAssets}). It is the one file that is revalidated on every load
 * ({@code no-cache} and an ETag), so a new version of the service is seen at the next load. Not
 * part of the API, so not in its OpenAPI document.
 */
@Hidden
@Controller
class DashboardController {
  static final String ASSETS_PLACEHOLDER = "{{assets}}";

  private final String page;

  DashboardController(DashboardAssets assets) {
    try (InputStream in = new ClassPathResource("dashboard/index.html").getInputStream()) {
      this.page =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace(ASSETS_PLACEHOLDER, assets.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard's page", e);
    }
  }

  @GetMapping(value = DashboardConfiguration.PATH, produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> page() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noCache())
        .body(page);
  }
}
