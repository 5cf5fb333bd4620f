package io.ubernetes.federation.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a created or replaced object sent without a Content-Type as JSON, as the Kubernetes API
 * server does ({@code kubectl create --raw <path> -f <file>} sends none). A patch keeps needing
 * one: its Content-Type says which kind of patch it is.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
class UntypedBodyFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean untyped = request.getContentType() == null || request.getContentType().isBlank();
    boolean writes = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod());
    boolean body =
        request.getContentLengthLong() > 0
            || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    chain.doFilter(untyped && writes && body ? new Json(request) : request, response);
  }

  /** The request, saying it is JSON. */
  private static final class Json extends HttpServletRequestWrapper {
    Json(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getContentType() {
      return MediaType.APPLICATION_JSON_VALUE;
    }

    @Override
    public String getHeader(String name) {
      return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
          ? MediaType.APPLICATION_JSON_VALUE
          : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
          ? Collections.enumeration(List.of(MediaType.APPLICATION_JSON_VALUE))
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = Collections.list(super.getHeaderNames());
      names.add(HttpHeaders.CONTENT_TYPE);
      return Collections.enumeration(names);
    }
  }
}
