package io.ubernetes.federation.rollout;

import io.ubernetes.federation.scheduling.TemplatesInUse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The templates of the older revisions that rollouts keep assigned to clusters: two statements for
 * any number of workloads, and one read per older revision, which only rollouts in progress (or
 * halted, or aborted) have.
 */
@Component
class RolloutTemplates implements TemplatesInUse {
  private final RolloutStore store;
  private final WorkloadRevisions revisions;

  RolloutTemplates(RolloutStore store, WorkloadRevisions revisions) {
    this.store = store;
    this.revisions = revisions;
  }

  @Override
  public Map<UUID, List<JsonNode>> older(Collection<UUID> workloads) {
    Map<UUID, List<JsonNode>> older = new HashMap<>();
    Map<UUID, RolloutStore.Assignments> assigned = store.assignments(workloads);
    if (assigned.isEmpty()) {
      return older;
    }
    Map<UUID, Integer> newest = revisions.newestRevisions(assigned.keySet());
    assigned.forEach(
        (uid, assignments) -> {
          Integer current = newest.get(uid);
          List<JsonNode> templates = new ArrayList<>();
          for (int revision : new TreeSet<>(assignments.clusters().values())) {
            if (current != null && revision != current) {
              revisions
                  .content(uid, revision)
                  .map(content -> content.path("template"))
                  .filter(JsonNode::isObject)
                  .ifPresent(templates::add);
            }
          }
          if (!templates.isEmpty()) {
            older.put(uid, templates);
          }
        });
    return older;
  }
}
