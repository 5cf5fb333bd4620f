package io.ubernetes.federation.resource.fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server-side apply that would change fields other managers own, and was not forced: worded as
 * the Kubernetes API server words it, so that clients print their usual advice.
 */
public final class ApplyConflicts extends RuntimeException {
  /** One field another manager owns: the manager as Kubernetes prints it, the field's path. */
  public record Conflict(String manager, String field) {
    /** {@code conflict with "flux" using ubernetes.io/v1}, as a Status cause's message. */
    public String message() {
      return "conflict with " + manager;
    }
  }

  private final List<Conflict> conflicts;

  ApplyConflicts(List<Conflict> conflicts) {
    super(message(conflicts), null, false, false);
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  /**
   * {@code Apply failed with 1 conflict: conflict with "flux" using ubernetes.io/v1:
   * .spec.replicas}, or for several, the fields listed under each manager, managers in order.
   */
  private static String message(List<Conflict> conflicts) {
    if (conflicts.size() == 1) {
      Conflict only = conflicts.getFirst();
      return "Apply failed with 1 conflict: conflict with " + only.manager() + ": " + only.field();
    }
    Map<String, List<String>> byManager = new TreeMap<>();
    for (Conflict conflict : conflicts) {
      byManager.computeIfAbsent(conflict.manager(), m -> new ArrayList<>()).add(conflict.field());
    }
    List<String> lines = new ArrayList<>();
    byManager.forEach(
        (manager, fields) -> {
          lines.add("conflicts with " + manager + ":");
          fields.forEach(field -> lines.add("- " + field));
        });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }
}
