package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link Caller}; the credential itself is not kept. */
public final class CallerAuthentication extends AbstractAuthenticationToken {
  private final Caller caller;

  public CallerAuthentication(Caller caller) {
    super(
        List.of(
            new SimpleGrantedAuthority(
                caller.isAgent()
                    ? "AGENT"
                    : "ROLE_" + (caller.role() == null ? "NONE" : caller.role().name()))));
    this.caller = caller;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }

  @Override
  public String getName() {
    return caller.subject();
  }
}
