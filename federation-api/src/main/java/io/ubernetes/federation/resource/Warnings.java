package io.ubernetes.federation.resource;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Warnings to the client of the current request, as the Kubernetes API server gives them: {@code
 * Warning: 299 - "unknown field \"spec.foo\""}, which kubectl prints as {@code Warning: unknown
 * field "spec.foo"}.
 */
public final class Warnings {
  private Warnings() {}

  /** Adds a warning to the current request's answer; outside a request, does nothing. */
  public static void add(String text) {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
      HttpServletResponse response = servlet.getResponse();
      if (response != null && !response.isCommitted()) {
        response.addHeader("Warning", header(text));
      }
    }
  }

  /** RFC 7234's warning header value: code 299, agent "-", the text quoted. */
  static String header(String text) {
    StringBuilder value = new StringBuilder("299 - \"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        value.append('\\');
      }
      // Header values carry no line breaks: a warning is one line.
      value.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return value.append('"').toString();
  }
}
