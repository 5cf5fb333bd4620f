package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Role;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Authenticates an identity provider's JWTs (issuer, signature and expiry checked by Spring's
 * decoder); the caller's role, namespaces and cluster set grants come from the configured claims.
 * API tokens and cluster credentials are left to their own providers.
 */
final class JwtCallerProvider implements AuthenticationProvider {
  private final JwtAuthenticationProvider delegate;

  JwtCallerProvider(JwtDecoder decoder, SecurityProperties.Jwt claims) {
    this.delegate = new JwtAuthenticationProvider(decoder);
    delegate.setJwtAuthenticationConverter(jwt -> new CallerAuthentication(caller(jwt, claims)));
  }

  static Caller caller(Jwt jwt, SecurityProperties.Jwt claims) {
    Role role = null;
    for (String value : values(jwt.getClaim(claims.rolesClaim()))) {
      Role parsed = Role.parse(value).orElse(null);
      if (parsed != null && (role == null || parsed.includes(role))) {
        role = parsed;
      }
    }
    String subject = jwt.getClaimAsString(claims.subjectClaim());
    return Caller.user(
        subject == null ? jwt.getSubject() : subject,
        jwt.getId(),
        role,
        Set.copyOf(values(jwt.getClaim(claims.namespacesClaim()))),
        Set.copyOf(values(jwt.getClaim(claims.clusterSetsClaim()))));
  }

  /** A claim as strings: a JSON array, or a space- or comma-separated string. */
  private static Collection<String> values(Object claim) {
    Set<String> values = new LinkedHashSet<>();
    if (claim instanceof Collection<?> list) {
      list.forEach(v -> values.add(String.valueOf(v).strip()));
    } else if (claim instanceof String text) {
      values.addAll(List.of(text.split("[\\s,]+")));
    }
    values.removeIf(String::isEmpty);
    return values;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (token.startsWith(TokenSecrets.PREFIX) || token.startsWith(AgentCredentials.PREFIX)) {
      return null;
    }
    return delegate.authenticate(authentication);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
