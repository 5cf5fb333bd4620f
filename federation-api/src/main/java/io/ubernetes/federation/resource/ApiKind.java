package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * How a kind is named and reached on the API, declared once by its {@link ResourceStrategy}:
 * discovery, OpenAPI, watches, the status subresource, tables and the audit log all read it from
 * there. Every kind is in the group {@code ubernetes.io/v1} and its category {@code ubernetes},
 * takes every verb, and has a read-only {@code status} subresource; its scope and kind are the
 * strategy's own.
 *
 * @param plural the path segment of the group's paths, e.g. {@code federatedworkloads}
 * @param singular what {@code kubectl} accepts for one, e.g. {@code federatedworkload}
 * @param shortNames what {@code kubectl} accepts besides, e.g. {@code fw}
 * @param legacyPlural the path segment of the same kind's older {@code /api/v1} paths, e.g. {@code
 *     workloads}; the plural itself where the two are the same
 * @param subresources the read-only subresources other than {@code status} that other controllers
 *     serve on each object, in the order discovery lists them
 * @param unconfinedOperatorsWrite for a cluster-scoped kind, whether an operator confined to no
 *     namespace writes it as well as an admin (otherwise only an admin does); a namespaced kind is
 *     written by the operators of its namespace, unless this is set: then, as a cluster-scoped kind
 *     with it, only by admins and operators confined to no namespace (what limits a namespace,
 *     which its own operators must not raise)
 */
public record ApiKind(
    String plural,
    String singular,
    List<String> shortNames,
    String legacyPlural,
    List<Subresource> subresources,
    boolean unconfinedOperatorsWrite) {

  public ApiKind {
    shortNames = List.copyOf(shortNames);
    subresources = List.copyOf(subresources);
  }

  /**
   * A kind whose old paths use its plural too, with no subresource besides status, written by
   * admins alone when cluster-scoped.
   */
  public static ApiKind of(String plural, String singular, String shortName) {
    return new ApiKind(plural, singular, List.of(shortName), plural, List.of(), false);
  }

  /** The same kind, on older {@code /api/v1} paths named {@code legacyPlural}. */
  public ApiKind withLegacyPlural(String legacyPlural) {
    return new ApiKind(
        plural, singular, shortNames, legacyPlural, subresources, unconfinedOperatorsWrite);
  }

  /** The same kind, with these read-only subresources after those it has. */
  public ApiKind withSubresources(List<Subresource> more) {
    List<Subresource> all = new ArrayList<>(subresources);
    all.addAll(more);
    return new ApiKind(plural, singular, shortNames, legacyPlural, all, unconfinedOperatorsWrite);
  }

  /**
   * The same cluster-scoped kind, written by operators confined to no namespace too; the same
   * namespaced kind, written by them and admins only, not by the namespace's operators.
   */
  public ApiKind writtenByUnconfinedOperators() {
    return new ApiKind(plural, singular, shortNames, legacyPlural, subresources, true);
  }

  /**
   * A read-only subresource of each object.
   *
   * @param name the path segment after the object's name, e.g. {@code placement}
   * @param kind the kind it answers with
   */
  public record Subresource(String name, String kind) {}
}
