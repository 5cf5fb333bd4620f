package io.ubernetes.federation.web;

import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors as Kubernetes clients read them on the Kubernetes paths: a {@code metav1.Status} with the
 * reason, message and details that {@code k8s.io/apimachinery}'s error constructors give, so that
 * kubectl prints {@code The FederatedWorkload "web" is invalid:} and a line per field, and client
 * libraries tell NotFound, AlreadyExists and Conflict apart.
 */
final class KubernetesStatus {
  private static final String MODIFIED =
      "the object has been modified; please apply your changes to the latest version and try"
          + " again";

  private KubernetesStatus() {}

  /** The Status of a refusal the API raised, its message rebuilt from what it is about. */
  static Map<String, Object> of(ApiException refusal, KubernetesRequest request, String user) {
    String name = refusal.name() != null ? refusal.name() : request.name();
    // A refusal about another object than the path names (a workload's placement not made yet)
    // keeps its own words: Kubernetes' would say the workload itself is missing.
    boolean other =
        refusal.name() != null && request.name() != null && !refusal.name().equals(request.name());
    if (request.resource() == null
        || other
        || name == null && refusal.reason() != ApiException.Reason.INVALID) {
      return of(
          refusal.reason().status(),
          refusal.reason().title(),
          refusal.getMessage(),
          refusal.errors(),
          request,
          user,
          null);
    }
    String subject = request.qualifiedResource() + " \"" + name + "\"";
    return switch (refusal.reason()) {
      case NOT_FOUND -> status(404, "NotFound", subject + " not found", details(name, request));
      case ALREADY_EXISTS ->
          status(409, "AlreadyExists", subject + " already exists", details(name, request));
      case CONFLICT -> conflict(refusal, subject, details(name, request));
      case INVALID -> invalid(refusal, request, name);
      // Kubernetes refuses what a quota does not allow as Forbidden, in the quota's own words,
      // naming the resource with its group (deployments.apps "web" is forbidden: exceeded ...).
      case QUOTA_EXCEEDED ->
          status(
              403, "Forbidden", withGroup(refusal.getMessage(), request), details(name, request));
      default ->
          of(
              refusal.reason().status(),
              refusal.reason().title(),
              refusal.getMessage(),
              refusal.errors(),
              request,
              user,
              null);
    };
  }

  /**
   * The Status of any other error: Spring's own, the filters', the servlet container's.
   *
   * @param user who asked, for a 403's message; null when unknown
   * @param retryAfterSeconds when to retry, for a 429 or 503; null when not said
   */
  static Map<String, Object> of(
      int code,
      String reason,
      String detail,
      List<FieldError> errors,
      KubernetesRequest request,
      String user,
      Long retryAfterSeconds) {
    if (code == 403) {
      return forbidden(detail, request, user);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    if (!errors.isEmpty()) {
      details.put("causes", errors.stream().map(KubernetesStatus::cause).toList());
    }
    if (retryAfterSeconds != null) {
      details.put("retryAfterSeconds", retryAfterSeconds);
    }
    return status(code, reason, detail, details.isEmpty() ? null : details);
  }

  private static Map<String, Object> invalid(
      ApiException refusal, KubernetesRequest request, String name) {
    String kind = refusal.kind() != null ? refusal.kind() : request.resource();
    List<Map<String, String>> causes =
        refusal.errors().stream().map(KubernetesStatus::cause).toList();
    List<String> lines = new ArrayList<>();
    for (Map<String, String> cause : causes) {
      lines.add(cause.get("field") + ": " + cause.get("message"));
    }
    String group = request.group() == null ? "" : "." + request.group();
    String message =
        kind
            + group
            + " \""
            + (name == null ? "" : name)
            + "\" is invalid: "
            + (lines.size() == 1 ? lines.getFirst() : "[" + String.join(", ", lines) + "]");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name == null ? "" : name);
    details.put("group", request.group());
    details.put("kind", kind);
    details.put("causes", causes);
    return status(422, "Invalid", message, details);
  }

  private static Map<String, Object> forbidden(
      String detail, KubernetesRequest request, String user) {
    String who =
        "User \"" + (user == null ? "system:anonymous" : user) + "\" cannot " + request.verb();
    if (request.resource() == null) {
      return status(
          403,
          "Forbidden",
          "forbidden: " + who + " path \"" + request.path() + "\"" + because(detail),
          null);
    }
    String subject =
        request.qualifiedResource() + (request.name() == null ? "" : " \"" + request.name() + "\"");
    String scope =
        request.namespace() == null
            ? "at the cluster scope"
            : "in the namespace \"" + request.namespace() + "\"";
    String message =
        subject
            + " is forbidden: "
            + who
            + " resource \""
            + request.resourceWithSubresource()
            + "\" in API group \""
            + request.group()
            + "\" "
            + scope
            + because(detail);
    return status(403, "Forbidden", message, details(request.name(), request));
  }

  /**
   * A message that starts with the resource as the {@code /api/v1} paths name it ({@code
   * federatedworkloads "web" ...}), with the resource's group added, as on Kubernetes' paths.
   */
  private static String withGroup(String message, KubernetesRequest request) {
    return message.startsWith(request.resource() + " ")
        ? request.qualifiedResource() + message.substring(request.resource().length())
        : message;
  }

  /** The authorizer's reason after a refusal's message, as Kubernetes adds it; none when null. */
  private static String because(String detail) {
    return detail == null ? "" : ": " + detail;
  }

  /**
   * A server-side apply's conflict as Kubernetes words it, one cause per field another manager
   * owns; any other conflict is an operation that cannot be fulfilled.
   */
  private static Map<String, Object> conflict(
      ApiException refusal, String subject, Map<String, Object> details) {
    List<Map<String, String>> fields =
        refusal.errors().stream()
            .filter(error -> FieldError.FIELD_MANAGER_CONFLICT.equals(error.reason()))
            .map(KubernetesStatus::cause)
            .toList();
    if (fields.isEmpty()) {
      return status(
          409,
          "Conflict",
          "Operation cannot be fulfilled on " + subject + ": " + conflict(refusal),
          details);
    }
    details.put("causes", fields);
    return status(409, "Conflict", refusal.getMessage(), details);
  }

  /** A stale resourceVersion in Kubernetes' words; any other conflict in ours. */
  private static String conflict(ApiException refusal) {
    for (FieldError error : refusal.errors()) {
      if (error.field().equals("metadata.resourceVersion")
          && error.message().equals("does not match the stored object")) {
        return MODIFIED;
      }
    }
    return refusal.getMessage();
  }

  /**
   * One broken rule as a {@code metav1.StatusCause}, its reason and message in the words of {@code
   * k8s.io/apimachinery/pkg/util/validation/field}.
   */
  static Map<String, String> cause(FieldError error) {
    String message = error.message();
    if (error.reason() != null) {
      Map<String, String> cause = new LinkedHashMap<>();
      cause.put("reason", error.reason());
      cause.put("message", message);
      cause.put("field", error.field());
      return cause;
    }
    String reason;
    String text;
    if (message.equals("required")
        || message.startsWith("required ")
        || message.startsWith("required,")) {
      reason = "FieldValueRequired";
      String rest = message.substring("required".length()).replaceFirst("^[,;]?\\s*", "");
      text = rest.isEmpty() ? "Required value" : "Required value: " + rest;
    } else if (message.startsWith("duplicate")) {
      reason = "FieldValueDuplicate";
      text = "Duplicate value: " + message;
    } else if (message.startsWith("must be one of")) {
      reason = "FieldValueNotSupported";
      text = "Unsupported value: " + message;
    } else if (message.startsWith("unknown field")) {
      reason = "FieldValueNotFound";
      text = "Not found: " + message;
    } else if (message.startsWith("must not be set") || message.startsWith("may not be set")) {
      reason = "FieldValueForbidden";
      text = "Forbidden: " + message;
    } else {
      reason = "FieldValueInvalid";
      text = "Invalid value: " + message;
    }
    Map<String, String> cause = new LinkedHashMap<>();
    cause.put("reason", reason);
    cause.put("message", text);
    cause.put("field", error.field());
    return cause;
  }

  /** Kubernetes names the resource, not the kind, in these details: {@code federatedworkloads}. */
  private static Map<String, Object> details(String name, KubernetesRequest request) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (name != null) {
      details.put("name", name);
    }
    // Kubernetes leaves the core group ("") out, as it does every empty field.
    if (request.group() != null && !request.group().isEmpty()) {
      details.put("group", request.group());
    }
    details.put("kind", request.resource());
    return details;
  }

  private static Map<String, Object> status(
      int code, String reason, String message, Map<String, Object> details) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (details != null) {
      status.put("details", details);
    }
    status.put("code", code);
    return status;
  }
}
