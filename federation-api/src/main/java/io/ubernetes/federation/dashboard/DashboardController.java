package io.ubernetes.federation.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The dashboard's page at its address itself, {@code /ui/}, and its settings ({@code
 * /ui/config.json}); its other files are static. Not part of the API, so not in its OpenAPI
 * document.
 */
@Hidden
@Controller
class DashboardController {
  private final Resource page = new ClassPathResource("dashboard/index.html");
  private final Settings settings;

  DashboardController(DashboardProperties properties) {
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
  ResponseEntity<Resource> page() {
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(page);
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
