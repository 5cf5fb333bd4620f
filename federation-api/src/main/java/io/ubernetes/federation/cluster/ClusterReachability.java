package io.ubernetes.federation.cluster;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.ResourceReader;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Which member clusters the federation cannot count on right now, and why: those whose {@code
 * Ready} condition is not True (silent agents, agents that cannot reach their API server, agents
 * that never connected) and those that are no longer members. What such a cluster last reported
 * about its workloads says nothing about them now.
 */
@Component
public class ClusterReachability {
  private final ResourceReader reader;
  private final MemberClusterStrategy memberClusters;

  ClusterReachability(ResourceReader reader, MemberClusterStrategy memberClusters) {
    this.reader = reader;
    this.memberClusters = memberClusters;
  }

  /**
   * Of these clusters, those that are unreachable, each with a line for people, e.g. {@code cluster
   * unreachable since 2026-12-06T10:00:41Z: No heartbeat since 2026-12-06T10:00:00Z}.
   */
  public Map<String, String> unreachable(Collection<String> clusters) {
    Map<String, String> unreachable = new HashMap<>();
    if (clusters.isEmpty()) {
      return unreachable;
    }
    Map<String, Condition> ready = reader.conditions(memberClusters, null, clusters, "Ready");
    ready.forEach(
        (name, condition) -> {
          if (!"True".equals(condition.status())) {
            unreachable.put(
                name,
                "cluster unreachable since "
                    + (condition.lastTransitionTime() == null
                        ? "it joined"
                        : condition.lastTransitionTime())
                    + (condition.message() == null ? "" : ": " + condition.message()));
          }
        });
    for (String cluster : clusters) {
      if (!ready.containsKey(cluster)) {
        unreachable.put(cluster, "no longer a member of the federation");
      }
    }
    return unreachable;
  }
}
