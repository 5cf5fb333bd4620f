package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.kubernetes.GroupPaths.Query;
import java.util.List;

/**
 * The query parameters the group's operations honour, as the OpenAPI documents declare them: only
 * those the service reads, each described as it serves it (a list ignores the watch-only ones).
 * Named and typed as kube-apiserver's documents name them, so that clients built from either find
 * the same parameters.
 */
final class GroupQueries {
  private static final Query CONTINUE =
      new Query(
          "continue",
          "string",
          "The metadata.continue of the previous page, to read the next page. Not with watch.");
  private static final Query LABEL_SELECTOR =
      new Query(
          "labelSelector",
          "string",
          "Only the objects whose labels match, e.g. app=web,tier in (front,back). Defaults to"
              + " everything.");
  private static final Query LIMIT =
      new Query(
          "limit",
          "integer",
          "The most objects one page holds; metadata.continue then names the next page. Not with"
              + " watch.");
  private static final Query DRY_RUN =
      new Query(
          "dryRun",
          "string",
          "When present, indicates that modifications should not be persisted: the request is"
              + " checked and answered as if it were. Valid value: All.");
  private static final Query FIELD_MANAGER =
      new Query(
          "fieldManager",
          "string",
          "A name associated with the actor or entity that is making these changes, recorded in"
              + " metadata.managedFields. Required for apply patches.");
  private static final Query FIELD_VALIDATION =
      new Query(
          "fieldValidation",
          "string",
          "How the server handles unknown or duplicate fields in the body: Ignore, Warn (the"
              + " default: a Warning header per field) or Strict (400 naming the fields).");
  private static final Query FORCE =
      new Query(
          "force",
          "boolean",
          "Force is going to \"force\" Apply requests: it re-acquires conflicting fields owned by"
              + " other managers. Only for apply requests.");

  /** A list that is also watched through {@code watch=true}. */
  static final List<Query> LIST_AND_WATCH =
      List.of(
          new Query(
              "allowWatchBookmarks",
              "boolean",
              "With watch: lets the server send BOOKMARK events, which carry only the latest"
                  + " resourceVersion. Ignored without watch."),
          CONTINUE,
          new Query(
              "fieldSelector",
              "string",
              "Only the objects whose fields match, in lists and watches alike: metadata.name"
                  + " and metadata.namespace with =, == or !=; any other field is refused."),
          LABEL_SELECTOR,
          LIMIT,
          new Query(
              "resourceVersion",
              "string",
              "With watch: the changes after this resourceVersion (a list's"
                  + " metadata.resourceVersion), or 410 Expired when the history kept no longer"
                  + " goes back that far; without one, the current objects first. A list is"
                  + " always served from the latest state, which is not older than any"
                  + " resourceVersion."),
          new Query(
              "resourceVersionMatch",
              "string",
              "With watch and sendInitialEvents: NotOlderThan, the only value served."),
          new Query(
              "sendInitialEvents",
              "boolean",
              "With watch: an ADDED event for each current object first, then a BOOKMARK"
                  + " annotated k8s.io/initial-events-end. Requires"
                  + " resourceVersionMatch=NotOlderThan; refused (422) without watch."),
          new Query(
              "timeoutSeconds",
              "integer",
              "With watch: how long the server keeps the watch open before it ends it."),
          new Query(
              "watch",
              "boolean",
              "Watch for changes to the described resources and return them as a stream of add,"
                  + " update, and remove notifications (ADDED, MODIFIED, DELETED, BOOKMARK), one"
                  + " JSON event a line."));

  /** A list that is not watched. */
  static final List<Query> LIST = List.of(CONTINUE, LABEL_SELECTOR, LIMIT);

  static final List<Query> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
  static final List<Query> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);

  /**
   * A delete's parameters. How it propagates and its grace period are the body's ({@code
   * DeleteOptions}), as kubectl sends them: the query takes only these.
   */
  static final List<Query> DELETE =
      List.of(
          DRY_RUN,
          new Query(
              "resourceVersion",
              "string",
              "Delete only if the stored object's resourceVersion is this one (as"
                  + " preconditions.resourceVersion in the body): 409 Conflict otherwise."));

  private GroupQueries() {}
}
