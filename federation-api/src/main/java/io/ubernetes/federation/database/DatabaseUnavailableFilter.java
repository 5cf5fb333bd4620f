package io.ubernetes.federation.database;

import io.ubernetes.federation.web.ProblemWriter;
import io.ubernetes.federation.web.StorageFailures;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 to a call that failed outside Spring MVC because the database could not be reached:
 * the authentication of an API token that is not in memory looks it up. Runs inside the audit
 * filter, which then records the 503, and outside every other filter of the service.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
class DatabaseUnavailableFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

  private final ProblemWriter problems;

  DatabaseUnavailableFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      if (response.isCommitted() || !StorageFailures.unavailable(e)) {
        throw e;
      }
      log.warn("Storage unavailable: {}", e.getMessage());
      response.reset();
      response.setHeader(HttpHeaders.RETRY_AFTER, "1");
      problems.write(
          request, response, HttpStatus.SERVICE_UNAVAILABLE, "the storage is unavailable; retry");
    }
  }
}
