package io.ubernetes.federation.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With an identity provider configured for the dashboard, the page learns of it before anyone signs
 * in ({@code /ui/config.json}, no token, nothing secret), and its content security policy lets the
 * page's own requests reach that provider's origin and no other.
 */
@TestPropertySource(
    properties = {
      "ubernetes.dashboard.oidc.issuer=https://login.example.com:8443/realms/ops",
      "ubernetes.dashboard.oidc.client-id=ubernetes-dashboard",
      "ubernetes.dashboard.oidc.scopes=openid,profile,offline_access"
    })
class DashboardOidcIT extends ApiIntegrationTest {

  @Test
  void itsSettingsNameTheProviderAndThePublicClientWithoutAToken() {
    Response settings = api.withToken(null).get("/ui/config.json");

    assertThat(settings.status()).as(settings.body()).isEqualTo(200);
    assertThat(settings.at("/oidc/issuer")).isEqualTo("https://login.example.com:8443/realms/ops");
    assertThat(settings.at("/oidc/clientId")).isEqualTo("ubernetes-dashboard");
    assertThat(settings.at("/oidc/name")).isEqualTo("login.example.com");
    assertThat(settings.json().at("/oidc/scopes").valueStream().map(s -> s.asString()))
        .containsExactly("openid", "profile", "offline_access");
    assertThat(settings.body()).doesNotContainIgnoringCase("secret");
  }

  @Test
  void itsPagesMayReachTheProvidersOriginAndNoOther() {
    Response page = api.withToken(null).get("/ui/", "text/html");

    assertThat(page.header("Content-Security-Policy"))
        .contains("connect-src 'self' https://login.example.com:8443")
        .contains("default-src 'self'")
        .contains("form-action 'self'")
        .doesNotContain("unsafe")
        .doesNotContain("/realms/ops");
  }
}
