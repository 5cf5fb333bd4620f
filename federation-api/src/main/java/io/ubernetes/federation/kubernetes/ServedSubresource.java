package io.ubernetes.federation.kubernetes;

import java.util.List;

/**
 * A subresource of one of the group's resources as Kubernetes discovery names it: {@code
 * federatedworkloads/status}.
 *
 * @param resource the plural of the resource it belongs to
 * @param name the path segment after the object's name, e.g. {@code status}
 * @param kind the kind it answers with
 */
record ServedSubresource(String resource, String name, String kind, List<String> verbs) {}
