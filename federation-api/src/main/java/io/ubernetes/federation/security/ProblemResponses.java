package io.ubernetes.federation.security;

import io.ubernetes.federation.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as {@code application/problem+json}, with the reason; a credential that keeps failing
 * gets 429 instead of 401 (see {@link AuthFailureThrottle}).
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {
  /** The reason {@link ApiAuthorizationManager} refused a request, for the answer's detail. */
  static final String REFUSAL = ProblemResponses.class.getName() + ".REFUSAL";

  private final ProblemWriter problems;
  private final AuthFailureThrottle throttle;

  ProblemResponses(ProblemWriter problems, AuthFailureThrottle throttle) {
    this.problems = problems;
    this.throttle = throttle;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    String authorization = request.getHeader("Authorization");
    String detail;
    if (authorization == null) {
      Object refusal = request.getAttribute(REFUSAL);
      detail =
          refusal != null
              ? refusal.toString()
              : "a bearer token is required (Authorization: Bearer ...)";
      response.setHeader("WWW-Authenticate", "Bearer realm=\"ubernetes\"");
    } else {
      AuthFailureThrottle.Slowdown slowdown =
          throttle.failed(request.getRemoteAddr(), CredentialFingerprint.of(authorization));
      if (slowdown != null) {
        long seconds = Math.max(1, slowdown.retryAfter().toSeconds() + 1);
        response.setHeader("Retry-After", Long.toString(seconds));
        problems.write(
            request,
            response,
            HttpStatus.TOO_MANY_REQUESTS,
            slowdown.reason() + "; retry after " + seconds + " s");
        return;
      }
      String malformed = AuthorizationHeader.problem(authorization);
      detail = malformed != null ? malformed : detail(exception);
      response.setHeader(
          "WWW-Authenticate",
          "Bearer realm=\"ubernetes\", error=\"invalid_token\", error_description=\""
              + detail.replace("\"", "'")
              + "\"");
    }
    problems.write(request, response, HttpStatus.UNAUTHORIZED, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
      throws IOException {
    Object refusal = request.getAttribute(REFUSAL);
    problems.write(
        request,
        response,
        HttpStatus.FORBIDDEN,
        refusal != null ? refusal.toString() : "not allowed for this caller");
  }

  private static String detail(AuthenticationException exception) {
    if (exception instanceof ProviderNotFoundException) {
      return "the bearer token is not valid (neither an API token nor a cluster credential, and"
          + " no identity provider is configured)";
    }
    if (exception instanceof OAuth2AuthenticationException oauth
        && oauth.getError().getDescription() != null) {
      return "the bearer token is not valid: " + oauth.getError().getDescription();
    }
    String message = exception.getMessage();
    return message == null || message.isBlank() ? "the bearer token is not valid" : message;
  }
}
