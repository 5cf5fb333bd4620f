package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A watch's query parameters, read and checked as the Kubernetes API server reads them (research:
 * apimachinery's ListOptions validation): a combination it refuses is a 422 naming the parameter, a
 * malformed value a 400 naming it.
 *
 * @param resourceVersion where the watch starts: null or 0 for now (after the current objects as
 *     ADDED events), else after this resourceVersion
 * @param sendInitialEvents null when not given
 * @param timeoutSeconds null when not given
 */
public record WatchRequest(
    Long resourceVersion,
    Boolean sendInitialEvents,
    boolean allowWatchBookmarks,
    Long timeoutSeconds,
    LabelSelector labelSelector,
    FieldSelector fieldSelector) {

  static final String NOT_OLDER_THAN = "NotOlderThan";

  static WatchRequest of(Map<String, String> parameters) {
    return of(parameters, FieldSelector.METADATA);
  }

  /**
   * A watch's parameters for what offers these fields to select on (see {@link
   * FieldSelector#parse(String, List)}).
   */
  public static WatchRequest of(Map<String, String> parameters, List<String> fieldSelectorFields) {
    String version = parameters.get("resourceVersion");
    Preconditions.requireWellFormed(version, "resourceVersion");
    Long resourceVersion =
        version == null || version.isEmpty() ? null : Long.valueOf(version.trim());
    Boolean sendInitialEvents = bool("sendInitialEvents", parameters.get("sendInitialEvents"));
    Boolean bookmarks = bool("allowWatchBookmarks", parameters.get("allowWatchBookmarks"));
    Long timeoutSeconds = null;
    String timeout = parameters.get("timeoutSeconds");
    if (timeout != null && !timeout.isEmpty()) {
      try {
        timeoutSeconds = Long.valueOf(timeout);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("timeoutSeconds", "not a number of seconds: " + timeout);
      }
      if (timeoutSeconds < 0) {
        throw ApiException.badRequest("timeoutSeconds", "must not be negative, got " + timeout);
      }
    }
    LabelSelector labels;
    try {
      labels = LabelSelector.parse(parameters.get("labelSelector"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("labelSelector", e.getMessage());
    }
    FieldSelector fields =
        FieldSelector.parse(parameters.get("fieldSelector"), fieldSelectorFields);

    String match = parameters.get("resourceVersionMatch");
    List<FieldError> errors = new ArrayList<>();
    if (sendInitialEvents != null && !NOT_OLDER_THAN.equals(match)) {
      errors.add(
          new FieldError(
              "resourceVersionMatch",
              "Forbidden: sendInitialEvents requires setting resourceVersionMatch to "
                  + NOT_OLDER_THAN));
    }
    if (match != null && !match.isEmpty()) {
      if (sendInitialEvents == null) {
        errors.add(
            new FieldError(
                "resourceVersionMatch",
                "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents"
                    + " is provided"));
      }
      if (!NOT_OLDER_THAN.equals(match)) {
        errors.add(
            new FieldError(
                "resourceVersionMatch",
                "Unsupported value: \""
                    + match
                    + "\": supported values: \""
                    + NOT_OLDER_THAN
                    + "\""));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid("ListOptions", null, errors);
    }
    return new WatchRequest(
        resourceVersion == null || resourceVersion == 0 ? null : resourceVersion,
        sendInitialEvents,
        Boolean.TRUE.equals(bookmarks),
        timeoutSeconds,
        labels,
        fields);
  }

  /** The current objects first: without a resourceVersion, or when asked for. */
  public boolean initialEvents() {
    return sendInitialEvents == null ? resourceVersion == null : sendInitialEvents;
  }

  /** Go's strconv.ParseBool, which the API server reads booleans with. */
  private static Boolean bool(String parameter, String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False", "" -> false;
      default -> throw ApiException.badRequest(parameter, "not a boolean: " + value);
    };
  }
}
