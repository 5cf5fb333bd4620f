package io.ubernetes.security;

import io.ubernetes.api.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down guessing: an address that presented {@code authFailureLimit} invalid bearer tokens
 * within {@code authFailureWindow} is answered 429 with Retry-After until the oldest of them leaves
 * the window. Health probes are never throttled. Memory is bounded: the addresses with the oldest
 * failures are forgotten first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class AuthFailureThrottle extends OncePerRequestFilter {
  /** Set on a request whose bearer token was refused. */
  static final String FAILED = AuthFailureThrottle.class.getName() + ".FAILED";

  private static final int MAX_ADDRESSES = 10_000;

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final ProblemWriter problems;
  private final Map<String, Deque<Instant>> failures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
          return size() > MAX_ADDRESSES;
        }
      };

  AuthFailureThrottle(SecurityProperties properties, Clock clock, ProblemWriter problems) {
    this.limit = properties.authFailureLimit();
    this.window = properties.authFailureWindow();
    this.clock = clock;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/actuator/health");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String source = request.getRemoteAddr();
    Duration wait = blockedFor(source, clock.instant());
    if (wait != null) {
      response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds() + 1)));
      problems.write(
          request,
          response,
          HttpStatus.TOO_MANY_REQUESTS,
          "too many failed authentications from this address; retry after "
              + response.getHeader("Retry-After")
              + " s");
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      if (request.getAttribute(FAILED) != null) {
        failed(source, clock.instant());
      }
    }
  }

  /** How long {@code source} must wait, or null when it may go on. */
  synchronized Duration blockedFor(String source, Instant now) {
    Deque<Instant> recent = failures.get(source);
    if (recent == null) {
      return null;
    }
    prune(recent, now);
    if (recent.isEmpty()) {
      failures.remove(source);
      return null;
    }
    return recent.size() >= limit ? Duration.between(now, recent.peekFirst().plus(window)) : null;
  }

  synchronized void failed(String source, Instant now) {
    Deque<Instant> recent = failures.computeIfAbsent(source, s -> new ArrayDeque<>());
    prune(recent, now);
    recent.addLast(now);
    while (recent.size() > limit) {
      recent.removeFirst();
    }
  }

  /** How many addresses are remembered. */
  synchronized int addresses() {
    return failures.size();
  }

  private void prune(Deque<Instant> recent, Instant now) {
    while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
      recent.removeFirst();
    }
  }
}
