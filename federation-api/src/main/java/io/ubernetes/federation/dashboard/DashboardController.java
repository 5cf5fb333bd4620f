package io.ubernetes.federation.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The dashboard's page at its address itself, {@code /ui/}, which names its files under their
 * versioned path ({@link DashboardAssets}), and its settings ({@code /ui/config.json}). The page is
 * the one file that is revalidated on every load ({@code no-cache} and an ETag), so a new version
 * of the service is seen at the next load. Not part of the API, so not in its OpenAPI document.
 */
@Hidden
@Controller
class DashboardController {
  static final String ASSETS_PLACEHOLDER = "{{assets}}";

  private final String page;
  private final Settings settings;

  DashboardController(DashboardAssets assets, DashboardProperties properties) {
    try (InputStream in = new ClassPathResource("dashboard/index.html").getInputStream()) {
      this.page =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace(ASSETS_PLACEHOLDER, assets.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard's page", e);
    }
    DashboardProperties.Oidc oidc = properties.oidc();
    settings =
        new Settings(
            oidc.enabled()
                ? new Settings.Oidc(
                    oidc.issuer().toString(), oidc.clientId(), oidc.scopes(), oidc.name())
                : null);
  }

  @GetMapping(value = DashboardConfiguration.PATH, produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> page() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noCache())
        .body(page);
  }

  /**
   * What the page needs before anyone signs in, so answered without a token: whether to offer
   * signing in through an identity provider, and which. Holds nothing secret (a public client has
   * no secret).
   */
  @GetMapping(
      value = DashboardConfiguration.PATH + "config.json",
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<Settings> settings() {
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(settings);
  }

  /**
   * @param oidc null when the page offers the API token only
   */
  record Settings(Oidc oidc) {
    record Oidc(String issuer, String clientId, List<String> scopes, String name) {}
  }
}
