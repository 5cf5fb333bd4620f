package io.ubernetes.federation.web;

import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.JacksonErrors;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * The one place where failures become answers. Client mistakes are 4xx problems that name the
 * field; an unavailable database is a 503 to retry; only a bug is a 500, and it is logged.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> refused(ApiException e, WebRequest request) {
    if (e.name() != null) {
      request.setAttribute(ApiException.REFUSED_NAME, e.name(), RequestAttributes.SCOPE_REQUEST);
    }
    HttpStatusCode status = HttpStatusCode.valueOf(e.reason().status());
    HttpServletRequest kubernetes = kubernetes(request);
    if (kubernetes != null) {
      return ResponseEntity.status(status)
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              KubernetesStatus.of(
                  e, ProblemWriter.kubernetesRequest(kubernetes), ProblemWriter.user(kubernetes)));
    }
    ProblemDetail problem =
        ProblemWriter.problem(status, e.reason().title(), e.getMessage(), e.errors());
    return createResponseEntity(problem, new HttpHeaders(), status, request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> parameterType(MethodArgumentTypeMismatchException e, WebRequest request) {
    String expected =
        e.getRequiredType() == Integer.class
            ? "an integer"
            : "a " + e.getParameter().getParameterType().getSimpleName();
    return badRequest(e.getName(), "\"" + e.getValue() + "\" is not " + expected, request);
  }

  @ExceptionHandler({
    CannotCreateTransactionException.class,
    TransientDataAccessException.class,
    DataAccessResourceFailureException.class
  })
  ResponseEntity<Object> storageUnavailable(RuntimeException e, WebRequest request) {
    log.warn("Storage unavailable: {}", e.getMessage());
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, "1");
    HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
    String detail =
        e instanceof QueryTimeoutException
            ? "the storage did not answer in time; retry"
            : "the storage is unavailable; retry";
    return createResponseEntity(
        ProblemWriter.problem(status, null, detail, List.of()), headers, status, request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> bug(Exception e, WebRequest request) {
    if (StorageFailures.unavailable(e)) {
      return storageUnavailable(new DataAccessResourceFailureException(e.getMessage(), e), request);
    }
    log.error("Unexpected failure of {}", describe(request), e);
    HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
    return createResponseEntity(
        ProblemWriter.problem(
            status, null, "an internal error occurred; it has been logged", List.of()),
        new HttpHeaders(),
        status,
        request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    // Readers wrap or flatten the I/O error of an oversized body; the filter's mark is reliable.
    Object tooLarge =
        request.getAttribute(RequestSizeLimitFilter.EXCEEDED, RequestAttributes.SCOPE_REQUEST);
    if (tooLarge != null) {
      HttpStatus tooLargeStatus = HttpStatus.CONTENT_TOO_LARGE;
      return createResponseEntity(
          ProblemWriter.problem(tooLargeStatus, null, tooLarge.toString(), List.of()),
          new HttpHeaders(),
          tooLargeStatus,
          request);
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JacksonException jackson) {
        return refused(JacksonErrors.toApiException(jackson), request);
      }
    }
    String message =
        e.getMessage() != null && e.getMessage().startsWith("Required request body")
            ? "a request body is required"
            : "the request body is unreadable";
    return badRequest("body", message, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    HttpStatus notFound = HttpStatus.NOT_FOUND;
    String detail = "there is no API at " + e.getHttpMethod() + " /" + e.getResourcePath();
    return createResponseEntity(
        ProblemWriter.problem(notFound, null, detail, List.of()), headers, notFound, request);
  }

  /**
   * As the Kubernetes API server words it, so that clients that try another format on 415 (kubectl
   * patch's strategic merge patch, here as for custom resources) know which ones are accepted.
   */
  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<String> accepted =
        e.getSupportedMediaTypes().stream().map(MediaType::toString).sorted().toList();
    String detail =
        "the body of the request was in an unknown format - accepted media types include: "
            + String.join(", ", accepted);
    return createResponseEntity(
        ProblemWriter.problem(status, null, detail, List.of()), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return badRequest(e.getParameterName(), "required", request);
  }

  /**
   * Gives every problem, including Spring's own, the same shape and media type: a Kubernetes Status
   * on the Kubernetes paths, a problem document elsewhere.
   */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem =
        body instanceof ProblemDetail detail
            ? detail
            : ProblemWriter.problem(status, null, String.valueOf(body), List.of());
    HttpServletRequest kubernetes = kubernetes(request);
    if (kubernetes != null) {
      return status(problem, headers, status, kubernetes);
    }
    if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
      String reason = ProblemWriter.reason(status);
      problem.setTitle(reason);
      problem.setType(URI.create(ProblemWriter.TYPE_BASE + reason));
      problem.setProperty("reason", reason);
    }
    if (request instanceof ServletWebRequest servlet) {
      problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
    }
    HttpHeaders problemHeaders = new HttpHeaders();
    problemHeaders.addAll(headers);
    problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(problem, problemHeaders, status);
  }

  private static ResponseEntity<Object> status(
      ProblemDetail problem,
      HttpHeaders headers,
      HttpStatusCode status,
      HttpServletRequest request) {
    Map<String, Object> properties =
        problem.getProperties() == null ? Map.of() : problem.getProperties();
    String reason =
        properties.get("reason") instanceof String known ? known : ProblemWriter.reason(status);
    List<FieldError> errors = new ArrayList<>();
    if (properties.get("errors") instanceof List<?> listed) {
      for (Object error : listed) {
        if (error instanceof FieldError field) {
          errors.add(field);
        }
      }
    }
    HttpHeaders statusHeaders = new HttpHeaders();
    statusHeaders.addAll(headers);
    statusHeaders.setContentType(MediaType.APPLICATION_JSON);
    Map<String, Object> body =
        KubernetesStatus.of(
            status.value(),
            reason,
            problem.getDetail(),
            errors,
            ProblemWriter.kubernetesRequest(request),
            ProblemWriter.user(request),
            ProblemWriter.retryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER)));
    return new ResponseEntity<>(body, statusHeaders, status);
  }

  /** The request, when it is on a Kubernetes path; null otherwise. */
  private static HttpServletRequest kubernetes(WebRequest request) {
    return request instanceof ServletWebRequest servlet
            && ApiPaths.kubernetes(servlet.getRequest().getRequestURI())
        ? servlet.getRequest()
        : null;
  }

  private ResponseEntity<Object> badRequest(String field, String message, WebRequest request) {
    return refused(ApiException.badRequest(field, message), request);
  }

  private static String describe(WebRequest request) {
    if (request instanceof ServletWebRequest servlet) {
      HttpServletRequest http = servlet.getRequest();
      return http.getMethod() + " " + http.getRequestURI();
    }
    return request.getDescription(false);
  }
}
