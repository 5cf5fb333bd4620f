package io.ubernetes.federation.dashboard;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the dashboard lets people sign in besides pasting an API token.
 *
 * @param oidc the identity provider the page signs in with; absent, the page offers the API token
 *     only
 */
@ConfigurationProperties("ubernetes.dashboard")
record DashboardProperties(Oidc oidc) {

  DashboardProperties {
    oidc = oidc == null ? new Oidc(null, null, null, null) : oidc;
  }

  /**
   * An OpenID Connect provider and the public client the dashboard is registered as there. The page
   * runs the authorization code flow with PKCE itself, so there is no client secret: nothing here
   * is secret, and all of it is served to the page ({@code /ui/config.json}).
   *
   * @param issuer the provider's issuer URL, exactly as its discovery document and its tokens name
   *     it; by default the issuer the API trusts ({@code
   *     spring.security.oauth2.resourceserver.jwt.issuer-uri})
   * @param clientId the dashboard's client id at the provider; sign-in through the provider is
   *     offered only when it is set
   * @param scopes the scopes asked for; {@code offline_access} added here lets providers such as
   *     Dex give a refresh token, a scope of the provider's may add the role claims
   * @param name what the sign-in button calls the provider ("Sign in with ..."); by default the
   *     issuer's host
   */
  record Oidc(URI issuer, String clientId, List<String> scopes, String name) {
    Oidc {
      clientId = clientId == null || clientId.isBlank() ? null : clientId.strip();
      scopes =
          scopes == null || scopes.isEmpty()
              ? List.of("openid", "profile", "email")
              : scopes.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
      if (issuer != null && issuer.toString().isBlank()) {
        issuer = null;
      }
      if (issuer != null) {
        String scheme =
            issuer.getScheme() == null ? "" : issuer.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || issuer.getHost() == null) {
          throw new IllegalArgumentException(
              "ubernetes.dashboard.oidc.issuer must be an http(s) URL, not \"" + issuer + "\"");
        }
        if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
          throw new IllegalArgumentException(
              "ubernetes.dashboard.oidc.issuer must have no query or fragment: \"" + issuer + "\"");
        }
      }
      if (clientId != null && issuer == null) {
        throw new IllegalArgumentException(
            "ubernetes.dashboard.oidc.client-id is set but no issuer is: set"
                + " ubernetes.dashboard.oidc.issuer (or the API's"
                + " spring.security.oauth2.resourceserver.jwt.issuer-uri)");
      }
      if (clientId != null && !scopes.contains("openid")) {
        throw new IllegalArgumentException(
            "ubernetes.dashboard.oidc.scopes must include openid, the scope that asks for an id"
                + " token: "
                + scopes);
      }
      name = name == null || name.isBlank() ? (issuer == null ? null : issuer.getHost()) : name;
    }

    /** Whether the page offers sign-in through the provider. */
    boolean enabled() {
      return clientId != null;
    }

    /**
     * Where the page fetches the discovery document and exchanges codes for tokens: the issuer's
     * scheme, host and port (providers serve their token endpoint beside their issuer).
     */
    String origin() {
      String scheme = issuer.getScheme().toLowerCase(Locale.ROOT);
      int port = issuer.getPort();
      return scheme
          + "://"
          + issuer.getHost().toLowerCase(Locale.ROOT)
          + (port < 0 ? "" : ":" + port);
    }
  }
}
