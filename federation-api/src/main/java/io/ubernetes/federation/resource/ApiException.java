package io.ubernetes.federation.resource;

import java.util.List;

/**
 * A request the API refuses, with the reason Kubernetes clients know. The web layer turns it into
 * an {@code application/problem+json} answer; it carries no stack trace because it is an answer,
 * not a failure.
 */
public final class ApiException extends RuntimeException {

  /** Why a request was refused, with its HTTP status. */
  public enum Reason {
    BAD_REQUEST(400, "BadRequest"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    QUOTA_EXCEEDED(403, "QuotaExceeded"),
    NOT_FOUND(404, "NotFound"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
    ALREADY_EXISTS(409, "AlreadyExists"),
    CONFLICT(409, "Conflict"),
    TOO_LARGE(413, "RequestEntityTooLarge"),
    INVALID(422, "Invalid");

    private final int status;
    private final String title;

    Reason(int status, String title) {
      this.status = status;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String title() {
      return title;
    }
  }

  private final Reason reason;
  private final List<FieldError> errors;

  /**
   * The request attribute that holds the name of the object a refused request named in its body (a
   * create names it nowhere else), for whoever records what the request tried.
   */
  public static final String REFUSED_NAME = ApiException.class.getName() + ".REFUSED_NAME";

  private final String kind;
  private final String name;

  private ApiException(Reason reason, String detail, List<FieldError> errors) {
    this(reason, detail, errors, null, null);
  }

  private ApiException(
      Reason reason, String detail, List<FieldError> errors, String kind, String name) {
    super(detail, null, false, false);
    this.reason = reason;
    this.errors = List.copyOf(errors);
    this.kind = kind;
    this.name = name;
  }

  public static ApiException notFound(String kind, String namespace, String name) {
    return new ApiException(
        Reason.NOT_FOUND,
        kind + " " + qualified(namespace, name) + " not found",
        List.of(),
        kind,
        name);
  }

  public static ApiException alreadyExists(String kind, String namespace, String name) {
    return new ApiException(
        Reason.ALREADY_EXISTS,
        kind + " " + qualified(namespace, name) + " already exists",
        List.of(),
        kind,
        name);
  }

  /** No or an unknown credential: 401. */
  public static ApiException unauthorized(String detail) {
    return new ApiException(Reason.UNAUTHORIZED, detail, List.of());
  }

  /** A known credential asking for what it may not have: 403. */
  public static ApiException forbidden(String detail) {
    return new ApiException(Reason.FORBIDDEN, detail, List.of());
  }

  /**
   * A write that would take a namespace past one of its quotas: 403, as Kubernetes answers it
   * ({@code ... is forbidden: exceeded quota: ...}).
   */
  public static ApiException quotaExceeded(String kind, String name, String detail) {
    return new ApiException(Reason.QUOTA_EXCEEDED, detail, List.of(), kind, name);
  }

  /** A verb the path does not take, e.g. a write of what only the system writes: 405. */
  public static ApiException methodNotAllowed(String detail) {
    return new ApiException(Reason.METHOD_NOT_ALLOWED, detail, List.of());
  }

  public static ApiException conflict(String detail) {
    return new ApiException(Reason.CONFLICT, detail, List.of());
  }

  public static ApiException conflict(String detail, FieldError error) {
    return new ApiException(Reason.CONFLICT, detail, List.of(error));
  }

  /**
   * A server-side apply that would change fields other managers own: 409, one cause per field, the
   * message as Kubernetes words it ({@code Apply failed with 1 conflict: ...}).
   */
  public static ApiException applyConflict(String message, List<FieldError> causes) {
    return new ApiException(Reason.CONFLICT, message, causes);
  }

  /** The object breaks validation rules: 422, one entry per broken rule. */
  public static ApiException invalid(String kind, String name, List<FieldError> errors) {
    String subject = name == null || name.isEmpty() ? kind : kind + " \"" + name + "\"";
    return new ApiException(
        Reason.INVALID, subject + " is invalid: " + summary(errors), errors, kind, name);
  }

  /** A well-formed patch that cannot be applied to the stored object: 422. */
  public static ApiException unappliablePatch(String field, String message) {
    return new ApiException(
        Reason.INVALID,
        "the patch cannot be applied: " + field + ": " + message,
        List.of(new FieldError(field, message)));
  }

  /** The object, or the work asked for, is over a limit: 413, naming what crossed it. */
  public static ApiException tooLarge(String field, String message) {
    return new ApiException(
        Reason.TOO_LARGE, field + ": " + message, List.of(new FieldError(field, message)));
  }

  /** The request itself is malformed: 400, naming the offending field or parameter. */
  public static ApiException badRequest(String field, String message) {
    return new ApiException(
        Reason.BAD_REQUEST, field + ": " + message, List.of(new FieldError(field, message)));
  }

  /** A body with fields its kind does not have, under strict field validation: 400. */
  static ApiException strictDecoding(String message, List<FieldError> errors) {
    return new ApiException(Reason.BAD_REQUEST, message, errors);
  }

  public Reason reason() {
    return reason;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The kind of the object refused, e.g. {@code FederatedWorkload}; null when not about one. */
  public String kind() {
    return kind;
  }

  /** The name of the object refused; null when not about one, or it has none yet. */
  public String name() {
    return name;
  }

  private static String qualified(String namespace, String name) {
    return namespace == null || namespace.isEmpty()
        ? "\"" + name + "\""
        : "\"" + namespace + "/" + name + "\"";
  }

  private static String summary(List<FieldError> errors) {
    StringBuilder summary = new StringBuilder();
    for (FieldError error : errors) {
      if (!summary.isEmpty()) {
        summary.append("; ");
      }
      summary.append(error.field()).append(": ").append(error.message());
    }
    return summary.toString();
  }
}
