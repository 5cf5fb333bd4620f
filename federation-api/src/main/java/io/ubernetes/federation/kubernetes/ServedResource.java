package io.ubernetes.federation.kubernetes;

import java.util.List;

/**
 * One resource of the group {@code ubernetes.io/v1} as Kubernetes discovery names it.
 *
 * @param plural the path segment, e.g. {@code federatedworkloads}
 * @param verbs what clients may do with it, in Kubernetes' words ({@code get}, {@code list}, ...)
 * @param subresources subresources under {@code <plural>/<name>/}, each read-only or not
 */
record ServedResource(
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> verbs,
    List<Subresource> subresources) {

  /** A subresource, e.g. {@code status}, with the kind it answers with and its verbs. */
  record Subresource(String name, String kind, List<String> verbs) {}
}
