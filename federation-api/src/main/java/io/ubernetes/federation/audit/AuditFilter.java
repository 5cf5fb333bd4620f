package io.ubernetes.federation.audit;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ApiKinds;
import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.web.ApiPaths;
import io.ubernetes.federation.web.InflightLimitFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UriUtils;

/**
 * Makes sure every attempted change through the API leaves exactly one audit row: the change's own
 * (written with it, see {@link AuditLog#recordChange}) or, when it was refused (401, 403, 429),
 * failed or recorded nothing, one written here afterwards. Agents' joins and credential rotations
 * are audited; their heartbeats, work polls and status reports (their cluster's own, frequent, and
 * not changes to the API's objects) and placement simulations (which change nothing) are not.
 */
@Component
// Before everything that may refuse a request, the body size limit included.
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class AuditFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final AuditLog audit;
  private final Clock clock;
  private final ApiKinds kinds;

  AuditFilter(AuditLog audit, Clock clock, ApiKinds kinds) {
    this.audit = audit;
    this.clock = clock;
    this.kinds = kinds;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !WRITES.contains(request.getMethod())
        || ApiPaths.resourceSegments(path) == null
        || (path.startsWith("/api/v1/agent/clusters/") && !path.endsWith("/credential"))
        || path.equals("/api/v1/placement:simulate");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    request.setAttribute(AuditLog.AUDITED, Boolean.TRUE);
    // The answer is held back until the attempt's row is written: a client that reads the audit
    // log after its answer finds it there (the converters flush what they write).
    ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
    try {
      chain.doFilter(request, held);
    } finally {
      if (!Boolean.TRUE.equals(request.getAttribute(AuditLog.RECORDED))) {
        recordAttempt(request, held.getStatus());
      }
      held.copyBodyToResponse();
    }
  }

  private void recordAttempt(HttpServletRequest request, int status) {
    Target target =
        target(
            request.getMethod(),
            request.getRequestURI(),
            segment -> kinds.bySegment(segment).map(ResourceStrategy::kind).orElse(null));
    Caller caller = Callers.of(request).orElse(null);
    String outcome =
        status == 401 || status == 403 || status == 429
            ? "denied"
            : status >= 400 ? "failed" : "allowed";
    try {
      AuditEvent event =
          new AuditEvent(
              0,
              clock.instant(),
              caller == null ? null : caller.subject(),
              caller == null ? null : caller.tokenId(),
              target.verb(),
              target.resource(),
              target.namespace(),
              // A create names its object in the body only: the refusal says which it was.
              target.name() != null
                  ? target.name()
                  : (String) request.getAttribute(ApiException.REFUSED_NAME),
              null,
              null,
              request.getRemoteAddr(),
              status,
              outcome,
              // A dry run's change is rolled back with its row: the attempt is recorded as such.
              isDryRun(request) ? "dry run" : null);
      if (Boolean.TRUE.equals(request.getAttribute(InflightLimitFilter.SHED))) {
        audit.recordLater(event);
      } else {
        audit.recordAttempt(event);
      }
    } catch (RuntimeException e) {
      // The answer is already given; a lost row must be visible to operators.
      log.error(
          "Cannot write the audit row of {} {} ({}): {}",
          request.getMethod(),
          request.getRequestURI(),
          status,
          e.getMessage());
    }
  }

  private static boolean isDryRun(HttpServletRequest request) {
    String[] values = request.getParameterValues("dryRun");
    return values != null && List.of(values).contains("All");
  }

  /** What a request tried to change. */
  record Target(String verb, String resource, String namespace, String name) {}

  /**
   * What a request to {@code rawPath} tries to change.
   *
   * @param kindOf the kind a path segment names (its plural on either path), or null
   */
  static Target target(String method, String rawPath, UnaryOperator<String> kindOf) {
    String path = UriUtils.decode(rawPath, StandardCharsets.UTF_8);
    List<String> segments = ApiPaths.resourceSegments(path);
    String verb =
        switch (method) {
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          default -> "delete";
        };
    if (segments == null || segments.isEmpty()) {
      return new Target(verb, path, null, null);
    }
    String namespace = null;
    List<String> rest = segments;
    if (segments.size() >= 3 && segments.get(0).equals("namespaces")) {
      namespace = segments.get(1);
      rest = segments.subList(2, segments.size());
    }
    String kind = kindOf.apply(rest.get(0));
    String resource =
        kind != null
            ? kind
            : switch (rest.get(0)) {
              case "tokens" -> "ApiToken";
              case "agent" -> "MemberCluster";
              default -> rest.get(0);
            };
    if (rest.get(0).equals("agent")) {
      return rest.size() >= 3 && rest.get(1).equals("clusters")
          ? new Target("rotate-credential", resource, null, rest.get(2))
          : new Target("join", resource, null, null);
    }
    String name = rest.size() >= 2 ? rest.get(1) : null;
    if (name != null && name.contains(":")) {
      verb = name.substring(name.indexOf(':') + 1);
      name = name.substring(0, name.indexOf(':'));
    }
    return new Target(verb, resource, namespace, name);
  }
}
