package io.ubernetes.federation.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/** Authenticates {@code ubt_...} bearer tokens; leaves other tokens to other providers. */
@Component
class ApiTokenAuthenticationProvider implements AuthenticationProvider {
  private final ApiTokens tokens;

  ApiTokenAuthenticationProvider(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (!token.startsWith(TokenSecrets.PREFIX)) {
      return null;
    }
    return switch (tokens.check(token)) {
      case ApiTokens.Check.Accepted accepted -> new CallerAuthentication(accepted.caller());
      case ApiTokens.Check.Refused refused ->
          throw switch (refused.refusal()) {
            case EXPIRED -> new CredentialsExpiredException("the API token has expired");
            case REVOKED -> new BadCredentialsException("the API token was revoked");
            case UNKNOWN -> new BadCredentialsException("the API token is not valid");
          };
    };
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
