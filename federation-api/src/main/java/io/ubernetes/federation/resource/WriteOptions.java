package io.ubernetes.federation.resource;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * The Kubernetes options of a write, from its query parameters: {@code dryRun}, {@code
 * fieldValidation}, {@code fieldManager} and {@code force}. Each is checked here, so that a bad
 * value is a 400 naming the parameter before anything is read or written.
 *
 * @param dryRun {@code dryRun=All}: every check of the write runs, nothing is stored
 * @param fieldValidation what unknown and duplicate fields in the body cause
 * @param fieldManager who makes the change, for {@code metadata.managedFields}: the parameter, or
 *     what the User-Agent names (as Kubernetes derives it)
 * @param fieldManagerGiven whether the client named the field manager itself
 * @param force {@code force=true}: a server-side apply takes the fields others own; null when not
 *     sent
 */
public record WriteOptions(
    boolean dryRun,
    FieldValidation fieldValidation,
    String fieldManager,
    boolean fieldManagerGiven,
    Boolean force) {

  /** Kubernetes' limit on a field manager's name. */
  static final int MAX_FIELD_MANAGER_LENGTH = 128;

  /** A write of the system's own or a test's: stored, read as strictly as ever. */
  public static final WriteOptions DEFAULT =
      new WriteOptions(false, FieldValidation.LEGACY, "unknown", false, null);

  /** The options of this request. */
  public static WriteOptions of(HttpServletRequest request) {
    boolean dryRun = dryRun(request.getParameterValues("dryRun"));
    FieldValidation validation =
        FieldValidation.of(
            request.getParameter("fieldValidation"),
            // Only groups' Kubernetes paths start so; the federation's own start with /api/v1/.
            request.getRequestURI().startsWith("/apis/"));
    String manager = request.getParameter("fieldManager");
    boolean given = manager != null;
    if (given) {
      checkFieldManager(manager);
    } else {
      manager = fromUserAgent(request.getHeader(HttpHeaders.USER_AGENT));
    }
    return new WriteOptions(
        dryRun, validation, manager, given, force(request.getParameter("force")));
  }

  private static boolean dryRun(String[] values) {
    if (values == null) {
      return false;
    }
    boolean all = false;
    for (String value : values) {
      if (!value.equals("All")) {
        throw ApiException.badRequest(
            "dryRun", "Unsupported value: \"" + value + "\": supported values: \"All\"");
      }
      all = true;
    }
    return all;
  }

  private static void checkFieldManager(String manager) {
    if (manager.length() > MAX_FIELD_MANAGER_LENGTH) {
      throw ApiException.badRequest(
          "fieldManager", "must be at most " + MAX_FIELD_MANAGER_LENGTH + " characters");
    }
    if (!manager.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      throw ApiException.badRequest("fieldManager", "must contain only printable characters");
    }
  }

  private static Boolean force(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw ApiException.badRequest("force", "must be true or false, got \"" + value + "\"");
    };
  }

  /**
   * As the Kubernetes API server names a writer that names no field manager: its User-Agent up to
   * the first '/', e.g. {@code kubectl-edit} for {@code kubectl-edit/v1.35.2 (linux/amd64)}.
   */
  static String fromUserAgent(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown";
    }
    String prefix = userAgent.split("/", 2)[0].strip();
    StringBuilder printable = new StringBuilder();
    prefix
        .codePoints()
        .filter(c -> c >= 0x20 && c != 0x7f)
        .limit(MAX_FIELD_MANAGER_LENGTH)
        .forEach(printable::appendCodePoint);
    return printable.isEmpty() ? "unknown" : printable.toString();
  }

  /** What unknown and duplicate fields in a written document cause. */
  public enum FieldValidation {
    /** Today's answer on the federation's own paths: a 422 naming them among the other errors. */
    LEGACY,
    /** 400 BadRequest: {@code strict decoding error: unknown field "spec.foo"}. */
    STRICT,
    /** Dropped, each named in a {@code Warning} header. */
    WARN,
    /** Dropped silently. */
    IGNORE;

    static FieldValidation of(String value, boolean groupPath) {
      if (value == null || value.isEmpty()) {
        // The Kubernetes default where clients speak Kubernetes; the federation's own paths keep
        // refusing what they always refused.
        return groupPath ? WARN : LEGACY;
      }
      return switch (value) {
        case "Strict" -> STRICT;
        case "Warn" -> WARN;
        case "Ignore" -> IGNORE;
        default ->
            throw ApiException.badRequest(
                "fieldValidation",
                "Unsupported value: \""
                    + value
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
      };
    }
  }
}
