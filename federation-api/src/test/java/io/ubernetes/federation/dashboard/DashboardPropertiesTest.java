package io.ubernetes.federation.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardPropertiesTest {

  @Test
  void withoutAClientIdThePageOffersTheApiTokenOnlyEvenWhenTheApiTrustsAnIssuer() {
    DashboardProperties.Oidc oidc =
        new DashboardProperties.Oidc(URI.create("https://login.example.com"), "", null, null);

    assertThat(oidc.enabled()).isFalse();
    assertThat(DashboardConfiguration.contentSecurityPolicy(new DashboardProperties(oidc)))
        .doesNotContain("connect-src");
  }

  @Test
  void defaultsTheScopesAndNamesTheProviderByItsHost() {
    DashboardProperties.Oidc oidc =
        new DashboardProperties.Oidc(
            URI.create("https://Login.Example.com/realms/ops"), "dashboard", List.of(), null);

    assertThat(oidc.enabled()).isTrue();
    assertThat(oidc.scopes()).containsExactly("openid", "profile", "email");
    assertThat(oidc.name()).isEqualTo("Login.Example.com");
    assertThat(oidc.origin()).isEqualTo("https://login.example.com");
  }

  @Test
  void refusesAClientIdWithoutAnIssuerAnIssuerThatIsNoWebAddressAndScopesWithoutOpenid() {
    assertThatThrownBy(() -> new DashboardProperties.Oidc(null, "dashboard", null, null))
        .hasMessageContaining("ubernetes.dashboard.oidc.issuer");
    assertThatThrownBy(
            () -> new DashboardProperties.Oidc(URI.create("ldap://login"), "dashboard", null, null))
        .hasMessageContaining("ubernetes.dashboard.oidc.issuer must be an http(s) URL");
    assertThatThrownBy(
            () ->
                new DashboardProperties.Oidc(
                    URI.create("https://login.example.com"), "dashboard", List.of("email"), null))
        .hasMessageContaining("ubernetes.dashboard.oidc.scopes must include openid");
  }
}
