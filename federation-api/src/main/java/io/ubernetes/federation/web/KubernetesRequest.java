package io.ubernetes.federation.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a request on a Kubernetes path is about, read from the path as a Kubernetes API server reads
 * it: {@code /apis/<group>/<version>[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]]}. Errors
 * name the resource and the verb from it.
 *
 * @param group the API group; null for a path that names none
 * @param namespace null for a cluster-scoped path
 * @param resource the plural, e.g. {@code federatedworkloads}; null when the path names none
 * @param name null for a collection
 * @param subresource e.g. {@code status}; null for the object itself
 * @param path the path, decoded
 * @param verb Kubernetes' verb: get, list, watch, create, update, patch, delete, deletecollection
 */
record KubernetesRequest(
    String group,
    String namespace,
    String resource,
    String name,
    String subresource,
    String path,
    String verb) {

  /**
   * @param method the HTTP method
   * @param rawPath the request URI as sent (encoded)
   * @param query the query string; may be null
   */
  static KubernetesRequest of(String method, String rawPath, String query) {
    List<String> segments = segments(rawPath);
    String group = null;
    String namespace = null;
    String resource = null;
    String name = null;
    String subresource = null;
    if (segments.size() >= 3 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      List<String> rest = segments.subList(3, segments.size());
      if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
        namespace = rest.get(1);
        rest = rest.subList(2, rest.size());
      }
      resource = rest.isEmpty() ? null : rest.get(0);
      name = rest.size() >= 2 ? rest.get(1) : null;
      subresource = rest.size() >= 3 ? rest.get(2) : null;
    }
    String path = "/" + String.join("/", segments);
    return new KubernetesRequest(
        group, namespace, resource, name, subresource, path, verb(method, name, query));
  }

  /** The resource as access rules name it: {@code federatedworkloads/status} for a subresource. */
  String resourceWithSubresource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  /** {@code federatedworkloads.ubernetes.io}, as Kubernetes names a resource in its messages. */
  String qualifiedResource() {
    return group == null || group.isEmpty() ? resource : resource + "." + group;
  }

  private static String verb(String method, String name, String query) {
    boolean watch = query != null && Arrays.asList(query.split("&")).contains("watch=true");
    return switch (method) {
      case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name == null ? "deletecollection" : "delete";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static List<String> segments(String rawPath) {
    return Arrays.stream(rawPath.split("/", -1)).skip(1).map(KubernetesRequest::decode).toList();
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
