package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Callers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the authenticated caller on the request, for what runs outside the security filters (the
 * audit of refused requests).
 */
final class CallerCapture extends OncePerRequestFilter {
  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Callers.current().ifPresent(caller -> request.setAttribute(Callers.REQUEST_ATTRIBUTE, caller));
    chain.doFilter(request, response);
  }
}
