package io.ubernetes.federation.web;

import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.StorableText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one check of the text in a request's path and query parameters (names and values) before
 * anything reads it: filters, selectors and names reach the database, which cannot hold what {@link
 * StorableText} refuses, so such a request is a 400 naming the parameter, never a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class StorableParametersFilter extends OncePerRequestFilter {
  private final ProblemWriter problems;

  StorableParametersFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      StorableText.check("path", request.getServletPath());
      StorableText.check("path", request.getPathInfo());
      checkQuery(request.getQueryString());
    } catch (ApiException e) {
      problems.write(request, response, HttpStatus.BAD_REQUEST, e.getMessage(), e.errors());
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * The query string's parameters, decoded as the servlet container decodes them; read from the
   * query string alone, so that a body is never read here.
   */
  private static void checkQuery(String query) {
    if (query == null) {
      return;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      StorableText.check(name, name);
      if (equals >= 0) {
        StorableText.check(name, decode(pair.substring(equals + 1)));
      }
    }
  }

  /** Decoded, or as it is when it is no valid escape: the container refuses or ignores it. */
  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
