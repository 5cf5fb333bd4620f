package io.ubernetes.agents;

import io.ubernetes.api.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/v1/agent/clusters/{cluster}/...}: the request must carry a current credential
 * (401 otherwise), and it must be the credential of that very cluster (403 otherwise). An agent
 * reaches its own cluster's work, heartbeat and status, and nothing else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AgentAuthenticationFilter extends OncePerRequestFilter {
  /** The cluster an agent request was authenticated for. */
  static final String CLUSTER = AgentAuthenticationFilter.class.getName() + ".CLUSTER";

  private static final Pattern PATH = Pattern.compile("^/api/v1/agent/clusters/([^/]+)(/.*)?$");

  private final AgentCredentials credentials;
  private final ProblemWriter problems;

  AgentAuthenticationFilter(AgentCredentials credentials, ProblemWriter problems) {
    this.credentials = credentials;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/v1/agent/clusters/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher path = PATH.matcher(request.getRequestURI());
    String header = request.getHeader("Authorization");
    if (!path.matches() || header == null || !header.startsWith("Bearer ")) {
      refuse(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "a cluster credential is required (Authorization: Bearer ...)");
      return;
    }
    Optional<String> owner = credentials.clusterOf(Secrets.hash(header.substring(7).trim()));
    if (owner.isEmpty()) {
      refuse(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "the credential is not valid (revoked, or never issued)");
      return;
    }
    if (!owner.get().equals(path.group(1))) {
      refuse(request, response, HttpStatus.FORBIDDEN, "this credential belongs to another cluster");
      return;
    }
    request.setAttribute(CLUSTER, owner.get());
    chain.doFilter(request, response);
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    problems.write(request, response, status, detail);
  }
}
