package io.ubernetes.federation.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes the place of Tomcat's error page for the errors it answers itself, before any filter or
 * servlet runs (a path it refuses to decode, such as {@code %2F}, {@code %00} or {@code %2e%2e%2f};
 * a request line or headers over the limit; a malformed request): the client gets the API's problem
 * document, never an HTML page. Errors raised in the application have their problem written
 * already, and are left alone.
 */
public class ProblemReportValve extends ErrorReportValve {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String detail = detail(request, status, throwable);
    if (status == 400 && tooLarge(throwable)) {
      // Tomcat answers 400 for both. Its URL is kept once the request line has been read: without
      // one, the request line was what outgrew the limit.
      boolean requestLine = request.getCoyoteRequest().requestURI().isNull();
      status = requestLine ? 414 : 431;
      response.setStatus(status);
      detail =
          requestLine
              ? "the URL is too long: keep the request line within the server's limit"
                  + " (server.max-http-request-header-size)"
              : "the request header fields are too large: keep them within the server's limit"
                  + " (server.max-http-request-header-size)";
    }
    String title = ProblemWriter.reason(org.springframework.http.HttpStatusCode.valueOf(status));
    String path = request.getCoyoteRequest().requestURI().isNull() ? null : request.getRequestURI();
    Map<String, Object> problem = new LinkedHashMap<>();
    if (ApiPaths.kubernetes(path)) {
      problem.putAll(
          KubernetesStatus.of(
              status,
              title,
              detail,
              java.util.List.of(),
              KubernetesRequest.of(request.getMethod(), path, null),
              null,
              null));
    } else {
      problem.put("type", ProblemWriter.TYPE_BASE + title);
      problem.put("title", title);
      problem.put("status", status);
      problem.put("detail", detail);
      problem.put("reason", title);
    }
    try {
      response.setContentType(
          ApiPaths.kubernetes(path) ? "application/json" : "application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(JSON.writeValueAsString(problem));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone, or the response cannot take a body: nothing more to say.
    }
  }

  private static boolean tooLarge(Throwable throwable) {
    return throwable != null
        && throwable.getMessage() != null
        && throwable.getMessage().contains("too large");
  }

  private static String detail(Request request, int status, Throwable throwable) {
    if (status >= 500) {
      return "an internal error occurred";
    }
    String message = response(request);
    return "the request cannot be served: "
        + (message != null
            ? message
            : throwable != null && throwable.getMessage() != null
                ? throwable.getMessage()
                : "its path, query or headers are malformed");
  }

  private static String response(Request request) {
    String message = request.getResponse().getMessage();
    return message == null || message.isBlank() ? null : message;
  }
}
