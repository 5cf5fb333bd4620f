package io.ubernetes.federation.kubernetes;

import java.util.List;

/**
 * One resource of the group {@code ubernetes.io/v1} as Kubernetes discovery names it.
 *
 * @param plural the path segment, e.g. {@code federatedworkloads}
 * @param verbs what clients may do with it, in Kubernetes' words ({@code get}, {@code list}, ...)
 */
record ServedResource(
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> verbs) {}
