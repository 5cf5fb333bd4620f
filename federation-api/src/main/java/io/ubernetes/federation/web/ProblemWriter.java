package io.ubernetes.federation.web;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the RFC 9457 problem documents of the API: {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance}, the Kubernetes {@code reason}, and {@code errors} naming each
 * offending field.
 */
@Component
public class ProblemWriter {
  static final String TYPE_BASE = "https://ubernetes.io/problems/";

  /** Kubernetes status reasons of the HTTP statuses the API answers with. */
  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(400, "BadRequest"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "NotFound"),
          Map.entry(405, "MethodNotAllowed"),
          Map.entry(406, "NotAcceptable"),
          Map.entry(409, "Conflict"),
          Map.entry(413, "RequestEntityTooLarge"),
          Map.entry(415, "UnsupportedMediaType"),
          Map.entry(422, "Invalid"),
          Map.entry(429, "TooManyRequests"),
          Map.entry(500, "InternalError"),
          Map.entry(503, "ServiceUnavailable"));

  private final JsonMapper mapper;

  ProblemWriter(JsonMapper mapper) {
    this.mapper = mapper;
  }

  static ProblemDetail problem(
      HttpStatusCode status, String reason, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    String title = reason != null ? reason : reason(status);
    problem.setTitle(title);
    problem.setType(URI.create(TYPE_BASE + title));
    problem.setProperty("reason", title);
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return problem;
  }

  static String reason(HttpStatusCode status) {
    String reason = REASONS.get(status.value());
    if (reason != null) {
      return reason;
    }
    HttpStatus known = HttpStatus.resolve(status.value());
    return known == null ? "Status" + status.value() : known.getReasonPhrase().replace(" ", "");
  }

  static KubernetesRequest kubernetesRequest(HttpServletRequest request) {
    return KubernetesRequest.of(
        request.getMethod(), request.getRequestURI(), request.getQueryString());
  }

  /** Who sent the request, as Kubernetes names the user in a refusal. */
  static String user(HttpServletRequest request) {
    return Callers.of(request).or(Callers::current).map(Caller::subject).orElse(null);
  }

  /** The seconds of a {@code Retry-After} header; null without one or with a date. */
  static Long retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Writes a problem straight to the response, for answers given outside Spring MVC: a Kubernetes
   * Status on the Kubernetes paths (see {@link ApiPaths#kubernetes}).
   */
  public void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    write(request, response, status, detail, List.of());
  }

  /**
   * Writes a 403 refusing an action on something else than the path names, worded as Kubernetes
   * words it ({@code users "bob" is forbidden: User "me" cannot impersonate resource "users" in API
   * group "" at the cluster scope}), as a Status on the Kubernetes paths and as the problem's
   * detail elsewhere.
   */
  public void writeForbidden(
      HttpServletRequest request, HttpServletResponse response, RefusedAction action)
      throws IOException {
    KubernetesRequest refused =
        new KubernetesRequest(
            action.group(),
            null,
            action.resource(),
            action.name(),
            action.subresource(),
            kubernetesRequest(request).path(),
            action.verb());
    Map<String, Object> status =
        KubernetesStatus.of(403, "Forbidden", null, List.of(), refused, user(request), null);
    Object answer;
    if (ApiPaths.kubernetes(request.getRequestURI())) {
      answer = status;
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    } else {
      ProblemDetail problem =
          problem(HttpStatus.FORBIDDEN, null, (String) status.get("message"), List.of());
      problem.setInstance(URI.create(request.getRequestURI()));
      answer = problem;
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }
    response.setStatus(HttpStatus.FORBIDDEN.value());
    byte[] body = mapper.writeValueAsBytes(answer);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Writes a problem naming the offending fields straight to the response. */
  public void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String detail,
      List<FieldError> errors)
      throws IOException {
    Object answer;
    if (ApiPaths.kubernetes(request.getRequestURI())) {
      answer =
          KubernetesStatus.of(
              status.value(),
              reason(status),
              detail,
              errors,
              kubernetesRequest(request),
              user(request),
              retryAfter(response.getHeader(HttpHeaders.RETRY_AFTER)));
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    } else {
      ProblemDetail problem = problem(status, null, detail, errors);
      problem.setInstance(URI.create(request.getRequestURI()));
      answer = problem;
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }
    response.setStatus(status.value());
    // Written without closing the stream: closing it would send the answer at once, before the
    // filters around this call are done (the audit row of a refused change among them).
    byte[] body = mapper.writeValueAsBytes(answer);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
