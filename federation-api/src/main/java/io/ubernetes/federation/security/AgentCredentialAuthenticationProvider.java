package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Authenticates a member agent's cluster credential ({@code ubc_...}). Only a joined cluster's
 * current credential counts: rotating, denying or deleting the cluster ends it at once.
 */
@Component
class AgentCredentialAuthenticationProvider implements AuthenticationProvider {
  private final AgentCredentials credentials;

  AgentCredentialAuthenticationProvider(AgentCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (!token.startsWith(AgentCredentials.PREFIX)) {
      return null;
    }
    return credentials
        .clusterOf(TokenSecrets.hash(token))
        .map(cluster -> new CallerAuthentication(Caller.agent(cluster)))
        .orElseThrow(
            () ->
                new BadCredentialsException(
                    "the cluster credential is not valid (revoked, or never issued)"));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
