package io.ubernetes.federation.caller;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being served on this thread. */
public final class Callers {
  /** The caller of a request, kept on it once authenticated (by the security filter chain). */
  public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

  private Callers() {}

  public static Optional<Caller> of(jakarta.servlet.http.HttpServletRequest request) {
    return request.getAttribute(REQUEST_ATTRIBUTE) instanceof Caller caller
        ? Optional.of(caller)
        : Optional.empty();
  }

  public static Optional<Caller> current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.getPrincipal() instanceof Caller caller
        ? Optional.of(caller)
        : Optional.empty();
  }
}
