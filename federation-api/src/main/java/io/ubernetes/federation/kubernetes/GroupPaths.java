package io.ubernetes.federation.kubernetes;

import java.util.ArrayList;
import java.util.List;

/**
 * The group's paths and their operations as Kubernetes' OpenAPI names them, for both OpenAPI
 * documents: one path for a kind's collection, one for each object, one for each subresource an
 * object has, and for the namespaced kinds the collection across namespaces. Operations are those
 * of the resource's verbs; a subresource's only those it serves (status is read-only).
 */
final class GroupPaths {
  /** A body an operation takes: the kind's object, or a patch of it. */
  enum Body {
    NONE,
    OBJECT,
    PATCH,
    /** A delete's optional {@code DeleteOptions}. */
    DELETE_OPTIONS
  }

  /** One query parameter with its description, typed as Kubernetes types it. */
  record Query(String name, String type, String description) {}

  /**
   * One operation.
   *
   * @param action the {@code x-kubernetes-action}: get, list, post, put, patch, delete (a list also
   *     watches, through its {@code watch} parameter, as in kube-apiserver's documents)
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

  private GroupPaths() {}

  static List<Path> of(List<ServedResource> resources, List<ServedSubresource> subresources) {
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
                resource.verbs().contains("watch")
                    ? GroupQueries.LIST_AND_WATCH
                    : GroupQueries.LIST));
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
                GroupQueries.WRITE));
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
                GroupQueries.WRITE));
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
                GroupQueries.PATCH));
      }
      if (resource.verbs().contains("delete")) {
        single.add(
            new Operation(
                "delete",
                "delete",
                "delete" + id,
                "delete a " + kind,
                kind,
                Body.DELETE_OPTIONS,
                object,
                GroupQueries.DELETE));
      }
      paths.add(new Path(root + "/{name}", kind, resource.namespaced(), true, single));
      for (ServedSubresource sub : subresources) {
        if (sub.resource().equals(resource.plural()) && sub.verbs().contains("get")) {
          paths.add(subresource(root, id, kind, resource.namespaced(), sub));
        }
      }
      if (KubernetesApi.ROLLOUT_VERBS_RESOURCES.contains(resource.plural())) {
        paths.addAll(rolloutVerbs(root, id, kind, resource.namespaced()));
      }
      // As in Kubernetes, a namespaced kind is also listed and watched across namespaces.
      if (resource.namespaced()) {
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
                        GroupQueries.LIST_AND_WATCH))));
      }
    }
    return paths;
  }

  /**
   * The operator's verbs on a workload's rollout ({@code rollout:pause}, ...): each a POST without
   * body that writes {@code spec.rolloutControl} and answers the workload, as a patch would.
   */
  private static List<Path> rolloutVerbs(String root, String id, String kind, boolean namespaced) {
    List<Path> paths = new ArrayList<>();
    KubernetesApi.ROLLOUT_VERBS.forEach(
        (verb, description) -> {
          List<Query> query = new ArrayList<>(GroupQueries.WRITE);
          if (verb.equals("rollback")) {
            query.add(
                new Query(
                    "to",
                    "integer",
                    "The kept revision to roll back to (see the revisions subresource)."));
          }
          paths.add(
              new Path(
                  root + "/{name}/rollout:" + verb,
                  kind,
                  namespaced,
                  true,
                  List.of(
                      new Operation(
                          "post",
                          "post",
                          verb + "Rollout" + id,
                          description.formatted(kind),
                          kind,
                          Body.NONE,
                          GroupSchemas.name(kind),
                          List.copyOf(query)))));
        });
    return paths;
  }

  /**
   * A subresource's path, read-only: {@code status} answers the object, as a custom resource's
   * status subresource does; others answer their own kind ({@code placement}: WorkloadPlacement).
   */
  private static Path subresource(
      String root, String id, String kind, boolean namespaced, ServedSubresource sub) {
    String responseKind = sub.kind();
    Operation read =
        new Operation(
            "get",
            "get",
            "read" + id + capitalized(sub.name()),
            "read " + sub.name() + " of the specified " + kind,
            responseKind,
            Body.NONE,
            GroupSchemas.name(responseKind),
            List.of());
    return new Path(root + "/{name}/" + sub.name(), kind, namespaced, true, List.of(read));
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
