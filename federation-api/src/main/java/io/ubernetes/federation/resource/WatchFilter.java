package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.LabelSelector.Requirement;
import java.util.Map;
import java.util.Set;

/**
 * Which objects a watch is about: one kind, in some namespaces or all, by label selector and by the
 * field selectors Kubernetes offers on every kind ({@code metadata.name}, {@code
 * metadata.namespace}).
 *
 * @param namespaces the namespaces watched; null for every namespace
 * @param fields the field selector's terms
 */
record WatchFilter(
    String kind, Set<String> namespaces, LabelSelector labels, FieldSelector fields) {
  WatchFilter {
    namespaces = namespaces == null ? null : Set.copyOf(namespaces);
  }

  /** Whether an object of the watched kind with these key and labels is watched. */
  boolean matches(String namespace, String name, Map<String, String> objectLabels) {
    return (namespaces == null || namespaces.contains(namespace))
        && fields.matches(namespace, name)
        && matches(labels, objectLabels);
  }

  /**
   * The type of event this watch sees a change as, as Kubernetes tells it: an object that comes
   * into the selection by a modification is ADDED, one that leaves it is DELETED; null when the
   * watch does not see the change at all.
   */
  String typeFor(Change change) {
    ResourceEntity row = change.row();
    if (!row.kind().equals(kind)) {
      return null;
    }
    boolean now =
        !change.type().equals("DELETED") && matches(row.namespace(), row.name(), change.labels());
    boolean before =
        !change.type().equals("ADDED")
            && matches(
                row.namespace(),
                row.name(),
                change.oldLabels() == null ? change.labels() : change.oldLabels());
    if (now && before) {
      return "MODIFIED";
    }
    return now ? "ADDED" : before ? "DELETED" : null;
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    for (Requirement requirement : selector.requirements()) {
      String value = labels.get(requirement.key());
      boolean holds =
          switch (requirement.operator()) {
            case EQUALS, IN -> value != null && requirement.values().contains(value);
            case NOT_EQUALS, NOT_IN -> value == null || !requirement.values().contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
          };
      if (!holds) {
        return false;
      }
    }
    return true;
  }
}
