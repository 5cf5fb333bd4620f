package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.resource.ApiKinds;
import org.springframework.stereotype.Component;

/**
 * The decision {@link AccessRules} would make on a request, for callers who ask before they act
 * ({@code kubectl auth can-i}): the same rules, so that the answer is the one the request would
 * get.
 */
@Component
public class AccessDecisions {
  private final AccessRules rules;

  AccessDecisions(SecurityProperties properties, ApiKinds kinds) {
    this.rules =
        new AccessRules(
            properties.publicMetrics(),
            properties.publicApiDocs(),
            kinds::writtenByUnconfinedOperators);
  }

  /**
   * Why {@code caller} may not send {@code method} to {@code path}; null when it may.
   *
   * @param path as sent, encoded
   */
  public String refusal(Caller caller, String method, String path) {
    return rules.decide(caller, method, path) instanceof AccessRules.Decision.Refused refused
        ? refused.reason()
        : null;
  }
}
