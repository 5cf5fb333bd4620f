package io.ubernetes.federation.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the API requests worked on at once, as kube-apiserver's max-inflight limits do: past its
 * level's limit a request waits up to {@code queue-wait} for a turn and is then answered 429 with
 * {@code Retry-After: 1}, before its body is read, its caller authenticated or a database
 * connection asked for. Without it an overload queues every request for a connection until each
 * fails with 503 after seconds of waiting, having been parsed and checked for nothing.
 *
 * <p>Users' writes, users' reads and the member agents' calls have limits of their own (see {@link
 * InflightProperties}); watches and the agents' long polls wait rather than work and are not
 * counted. A write turned away is audited as refused (429, {@code denied}) like any other, but its
 * row is written later together with others (marked {@link #SHED}), not with a database round trip
 * of its own while the database is what is short. Turned-away requests are counted in {@code
 * ubernetes.api.requests.shed} by level, and logged at most once a minute.
 */
@Component
// Inside the audit filter (HIGHEST_PRECEDENCE + 5), outside everything that reads the body.
@Order(Ordered.HIGHEST_PRECEDENCE + 7)
public class InflightLimitFilter extends OncePerRequestFilter {
  /** Set on a request answered 429 because its level's limit was reached. */
  public static final String SHED = InflightLimitFilter.class.getName() + ".SHED";

  private static final Logger log = LoggerFactory.getLogger(InflightLimitFilter.class);
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  /** Which limit a request counts against. */
  enum Level {
    MUTATING,
    READ_ONLY,
    AGENTS
  }

  private final Map<Level, Semaphore> permits = new EnumMap<>(Level.class);
  private final Map<Level, Counter> shed = new EnumMap<>(Level.class);
  private final long queueWaitNanos;
  private final ProblemWriter problems;
  private final Clock clock;
  private final AtomicReference<Instant> lastLogged = new AtomicReference<>(Instant.MIN);

  InflightLimitFilter(
      InflightProperties properties, ProblemWriter problems, MeterRegistry meters, Clock clock) {
    this.problems = problems;
    this.clock = clock;
    this.queueWaitNanos = properties.queueWait().toNanos();
    Map<Level, Integer> limits =
        Map.of(
            Level.MUTATING, properties.mutating(),
            Level.READ_ONLY, properties.readOnly(),
            Level.AGENTS, properties.agents());
    for (Level level : Level.values()) {
      String tag = level.name().toLowerCase(Locale.ROOT).replace('_', '-');
      shed.put(
          level,
          Counter.builder("ubernetes.api.requests.shed")
              .description("API requests answered 429 because their level's limit was reached")
              .tag("level", tag)
              .register(meters));
      int limit = limits.get(level);
      if (limit > 0) {
        Semaphore semaphore = new Semaphore(limit, true);
        permits.put(level, semaphore);
        Gauge.builder(
                "ubernetes.api.requests.inflight", semaphore, s -> limit - s.availablePermits())
            .description("API requests being worked on, by level")
            .tag("level", tag)
            .register(meters);
      }
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Level level = level(request.getMethod(), request.getRequestURI(), request.getQueryString());
    Semaphore semaphore = level == null ? null : permits.get(level);
    if (semaphore == null) {
      chain.doFilter(request, response);
      return;
    }
    boolean acquired;
    try {
      acquired =
          semaphore.tryAcquire()
              || (queueWaitNanos > 0 && semaphore.tryAcquire(queueWaitNanos, TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      refuse(level, request, response);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      semaphore.release();
    }
  }

  private void refuse(Level level, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    shed.get(level).increment();
    request.setAttribute(SHED, Boolean.TRUE);
    Instant now = clock.instant();
    Instant last = lastLogged.get();
    if (now.isAfter(last.plus(LOG_INTERVAL)) && lastLogged.compareAndSet(last, now)) {
      log.warn(
          "Too many {} requests at once: answering 429 (ubernetes.api.requests.shed counts them;"
              + " the limits are ubernetes.api.inflight.*)",
          level.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    response.setHeader(HttpHeaders.RETRY_AFTER, "1");
    problems.write(
        request,
        response,
        HttpStatus.TOO_MANY_REQUESTS,
        "too many requests are being worked on; retry after 1 second");
  }

  /**
   * The limit a request counts against, or null for one that is not limited: outside the API
   * (probes, metrics, the dashboard's files), or one that waits rather than works (a watch, an
   * agent's long poll of its work).
   */
  static Level level(String method, String path, String query) {
    if (!path.startsWith("/api/") && !path.startsWith("/apis/")) {
      return null;
    }
    boolean agent = path.startsWith("/api/v1/agent/");
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (read && (watching(query) || (agent && path.endsWith("/work")))) {
      return null;
    }
    if (agent) {
      return Level.AGENTS;
    }
    return read ? Level.READ_ONLY : Level.MUTATING;
  }

  private static boolean watching(String query) {
    if (query == null) {
      return false;
    }
    for (String parameter : query.split("&")) {
      if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }
}
