package io.ubernetes.federation.security;

import io.ubernetes.federation.web.ProblemWriter;
import io.ubernetes.federation.web.RefusedAction;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request that asks to act as someone else ({@code kubectl --as}, {@code --as-group},
 * {@code --as-uid}; the {@code Impersonate-*} headers) on every path, before any handler runs: no
 * caller may impersonate here, and executing the request as the caller instead would do what the
 * client did not ask for. Worded as kube-apiserver refuses a caller who may not impersonate, the
 * first thing asked for in the order it checks them (user, groups, extras, uid). A request without
 * credentials is refused as {@code system:anonymous}, as kube-apiserver refuses an anonymous one,
 * rather than asked to authenticate: no credential would make its impersonation allowed.
 */
final class ImpersonationRefusal extends OncePerRequestFilter {
  private static final String EXTRA = "impersonate-extra-";
  private static final String AUTHENTICATION = "authentication.k8s.io";

  private final ProblemWriter problems;

  ImpersonationRefusal(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    RefusedAction asked = impersonation(request);
    if (asked == null) {
      chain.doFilter(request, response);
      return;
    }
    problems.writeForbidden(request, response, asked);
  }

  /** What the request asks to impersonate first; null when it asks for nothing. */
  private static RefusedAction impersonation(HttpServletRequest request) {
    String user = request.getHeader("Impersonate-User");
    if (user != null) {
      return new RefusedAction("impersonate", "", "users", null, user);
    }
    String group = request.getHeader("Impersonate-Group");
    if (group != null) {
      return new RefusedAction("impersonate", "", "groups", null, group);
    }
    for (String header : Collections.list(request.getHeaderNames())) {
      String name = header.toLowerCase(Locale.ROOT);
      if (name.startsWith(EXTRA) && name.length() > EXTRA.length()) {
        return new RefusedAction(
            "impersonate",
            AUTHENTICATION,
            "userextras",
            extraKey(name.substring(EXTRA.length())),
            request.getHeader(header));
      }
    }
    String uid = request.getHeader("Impersonate-Uid");
    if (uid != null) {
      return new RefusedAction("impersonate", AUTHENTICATION, "uids", null, uid);
    }
    return null;
  }

  /**
   * An extra's key as the client meant it: percent-encoded in the header name, as client-go sends
   * characters a header name cannot hold; a {@code +} stays a plus.
   */
  private static String extraKey(String encoded) {
    try {
      return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return encoded;
    }
  }
}
