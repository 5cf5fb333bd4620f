package io.ubernetes.federation.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Recognises the agents' join token sent as a bearer token, a common first mistake (it is the one
 * token a new federation prints besides the admin token, and the one {@code kubectl ubernetes join}
 * prints; an issued one is known by its shape alone), so that the 401 says which token to use
 * instead. It authenticates nobody; it runs after the providers that could accept the token, so
 * valid credentials never cost its lookup.
 */
@Component
class JoinTokenMisuse implements AuthenticationProvider {
  private final JoinTokens joinTokens;

  JoinTokenMisuse(JoinTokens joinTokens) {
    this.joinTokens = joinTokens;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (token.startsWith("ubt_")
        || token.startsWith(AgentCredentials.PREFIX)
        || (TokenSecrets.parseJoin(token) == null && !joinTokens.matches(token))) {
      return null;
    }
    throw new BadCredentialsException(
        "this is the member agents' join token, which only POST /api/v1/agent/join takes (in its"
            + " body); call the API with an API token (ubt_..., such as the admin token the"
            + " service wrote to admin-token in its data directory on its first start) or a JWT"
            + " from the identity provider");
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
