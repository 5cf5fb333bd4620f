package io.ubernetes.federation.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The group's paths and their operations as Kubernetes' OpenAPI names them, for both OpenAPI
 * documents: one path for a kind's collection, one for each object, and for federated workloads the
 * collection across namespaces. Operations are those of the resource's verbs.
 */
final class GroupPaths {
  /**
   * Namespaced resources that are also listed across namespaces, at {@code /apis/<gv>/<plural>}.
   */
  private static final Set<String> LISTED_ACROSS_NAMESPACES = Set.of("federatedworkloads");

  /** A body an operation takes: the kind's object, or a patch of it. */
  enum Body {
    NONE,
    OBJECT,
    PATCH
  }

  /** One query parameter with its description, typed as Kubernetes types it. */
  record Query(String name, String type, String description) {}

  /**
   * One operation.
   *
   * @param action the {@code x-kubernetes-action}: get, list, post, put, patch, delete
   * @param response the schema name the operation answers with
   */
  record Operation(
      String method,
      String action,
      String operationId,
      String description,
      String kind,
      Body body,
      String response,
      List<Query> query) {}

  /**
   * One path and its operations.
   *
   * @param namespaced whether the path has {@code {namespace}}
   * @param named whether it has {@code {name}}
   */
  record Path(
      String path, String kind, boolean namespaced, boolean named, List<Operation> operations) {}

  private static final Query DRY_RUN =
      new Query(
          "dryRun",
          "string",
          "When present, indicates that modifications should not be persisted. Valid value: All.");
  private static final Query FIELD_MANAGER =
      new Query(
          "fieldManager",
          "string",
          "A name associated with the actor or entity that is making these changes.");
  private static final Query FIELD_VALIDATION =
      new Query(
          "fieldValidation",
          "string",
          "How the server handles unknown or duplicate fields in the body: Ignore, Warn or Strict.");
  private static final Query FORCE =
      new Query(
          "force",
          "boolean",
          "Force is going to \"force\" Apply requests: it re-acquires conflicting fields owned by"
              + " other managers. Only for apply requests.");
  private static final List<Query> LIST =
      List.of(
          new Query("labelSelector", "string", "A selector to restrict the list by their labels."),
          new Query("limit", "integer", "The maximum number of objects to return in one page."),
          new Query(
              "continue",
              "string",
              "The token of the previous page's metadata.continue, to read the next page."));
  private static final List<Query> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
  private static final List<Query> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
  private static final List<Query> DELETE =
      List.of(
          DRY_RUN,
          new Query(
              "gracePeriodSeconds",
              "integer",
              "The duration in seconds before the object should be deleted."),
          new Query(
              "propagationPolicy",
              "string",
              "Whether and how garbage collection will be performed: Orphan, Background or"
                  + " Foreground."));

  private GroupPaths() {}

  static List<Path> of(List<ServedResource> resources) {
    List<Path> paths = new ArrayList<>();
    for (ServedResource resource : resources) {
      String root =
          "/apis/"
              + KubernetesApi.GROUP_VERSION
              + (resource.namespaced() ? "/namespaces/{namespace}/" : "/")
              + resource.plural();
      String kind = resource.kind();
      String scope = resource.namespaced() ? "Namespaced" : "";
      String id = "UbernetesIo" + capitalized(KubernetesApi.VERSION) + scope + kind;
      String list = GroupSchemas.name(kind + "List");
      String object = GroupSchemas.name(kind);
      List<Operation> collection = new ArrayList<>();
      if (resource.verbs().contains("list")) {
        collection.add(
            new Operation(
                "get",
                "list",
                "list" + id,
                "list objects of kind " + kind,
                kind,
                Body.NONE,
                list,
                LIST));
      }
      if (resource.verbs().contains("create")) {
        collection.add(
            new Operation(
                "post",
                "post",
                "create" + id,
                "create a " + kind,
                kind,
                Body.OBJECT,
                object,
                WRITE));
      }
      paths.add(new Path(root, kind, resource.namespaced(), false, collection));
      List<Operation> single = new ArrayList<>();
      if (resource.verbs().contains("get")) {
        single.add(
            new Operation(
                "get",
                "get",
                "read" + id,
                "read the specified " + kind,
                kind,
                Body.NONE,
                object,
                List.of()));
      }
      if (resource.verbs().contains("update")) {
        single.add(
            new Operation(
                "put",
                "put",
                "replace" + id,
                "replace the specified " + kind,
                kind,
                Body.OBJECT,
                object,
                WRITE));
      }
      if (resource.verbs().contains("patch")) {
        single.add(
            new Operation(
                "patch",
                "patch",
                "patch" + id,
                "partially update the specified " + kind,
                kind,
                Body.PATCH,
                object,
                PATCH));
      }
      if (resource.verbs().contains("delete")) {
        single.add(
            new Operation(
                "delete",
                "delete",
                "delete" + id,
                "delete a " + kind,
                kind,
                Body.NONE,
                object,
                DELETE));
      }
      paths.add(new Path(root + "/{name}", kind, resource.namespaced(), true, single));
      if (resource.namespaced() && LISTED_ACROSS_NAMESPACES.contains(resource.plural())) {
        String across = "UbernetesIo" + capitalized(KubernetesApi.VERSION) + kind;
        paths.add(
            new Path(
                "/apis/" + KubernetesApi.GROUP_VERSION + "/" + resource.plural(),
                kind,
                false,
                false,
                List.of(
                    new Operation(
                        "get",
                        "list",
                        "list" + across + "ForAllNamespaces",
                        "list objects of kind " + kind + " in every namespace",
                        kind,
                        Body.NONE,
                        list,
                        LIST))));
      }
    }
    return paths;
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
