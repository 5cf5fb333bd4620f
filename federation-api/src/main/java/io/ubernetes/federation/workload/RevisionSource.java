package io.ubernetes.federation.workload;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Something outside a workload's own spec that the workload's revisions hold, so that a change to
 * it reaches the clusters through the workload's rollout, stage by stage, like a change to the
 * template: the override policies that select the workload, the dependencies it draws from its
 * namespace's store. Each source owns one key of a revision's content.
 */
public interface RevisionSource {
  /** The key of the override policies' rules that select a workload. */
  String POLICY_OVERRIDES = "policyOverrides";

  /** The key of the objects a workload's pod template refers to, from the federation's copies. */
  String DEPENDENCIES = "dependencies";

  /** The key of this source's part in a revision's content. */
  String key();

  /**
   * What this source gives the workload now, read in the transaction of the write that makes the
   * revision.
   *
   * @return a JSON array; null or empty when the source gives the workload nothing, and the
   *     revision's content then has no such key
   */
  JsonNode contentFor(Subject workload, WorkloadSpec spec);

  /** What changed in this source's part between two revisions, one line per change. */
  default List<String> changes(JsonNode before, JsonNode after) {
    return List.of(key() + " changed");
  }

  /** The workload a revision is made for. */
  record Subject(UUID uid, String namespace, String name, Map<String, String> labels) {
    public Subject {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }
}
