package io.ubernetes.database;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
  private final DatabaseUnavailableHandler handler;

  DatabaseUnavailableFilter(DatabaseUnavailableHandler handler) {
    this.handler = handler;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      if (response.isCommitted() || !DatabaseUnavailableHandler.unavailable(e)) {
        throw e;
      }
      response.reset();
      handler.answer(e, request, response);
    }
  }
}
