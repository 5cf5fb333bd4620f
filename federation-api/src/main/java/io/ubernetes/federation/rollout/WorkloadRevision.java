package io.ubernetes.federation.rollout;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One immutable, numbered snapshot of what the federation propagates for a workload.
 *
 * @param revision 1, 2, 3 ... per workload
 * @param generation the workload's generation when the revision was made
 * @param content {@code {template, resources, overrides}}, with Secrets as stored: never serve it
 *     unredacted
 * @param changes what changed against the previous revision, one line each
 * @param healthyEverywhereAt when it was first healthy on every cluster it was rolled to; null
 *     until then
 */
public record WorkloadRevision(
    int revision,
    long generation,
    JsonNode content,
    List<String> changes,
    Instant createdAt,
    Instant healthyEverywhereAt) {
  public WorkloadRevision {
    changes = List.copyOf(changes);
  }
}
