package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Applies {@link AccessRules} to every request. */
final class ApiAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {
  private final AccessRules rules;

  ApiAuthorizationManager(AccessRules rules) {
    this.rules = rules;
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    Authentication current = authentication.get();
    Caller caller =
        current != null && current.getPrincipal() instanceof Caller known ? known : null;
    var request = context.getRequest();
    AccessRules.Decision decision =
        rules.decide(caller, request.getMethod(), request.getRequestURI());
    if (decision instanceof AccessRules.Decision.Refused refused) {
      request.setAttribute(ProblemResponses.REFUSAL, refused.reason());
      return new AuthorizationDecision(false);
    }
    return new AuthorizationDecision(true);
  }
}
