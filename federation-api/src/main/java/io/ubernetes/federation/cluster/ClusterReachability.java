package io.ubernetes.federation.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which member clusters the federation cannot count on right now, and why: those whose {@code
 * Ready} condition is not True (silent agents, agents that cannot reach their API server, agents
 * that never connected) and those that are no longer members. What such a cluster last reported
 * about its workloads says nothing about them now.
 */
@Component
public class ClusterReachability {
  private final JdbcClient jdbc;

  ClusterReachability(JdbcClient jdbc) {
    this.jdbc = jdbc;
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
    Set<String> members = new HashSet<>();
    jdbc.sql(
            """
            select r.name, c ->> 'status', c ->> 'lastTransitionTime', c ->> 'message'
            from resources r
            left join lateral (select value as c
                               from jsonb_array_elements(
                                        coalesce(r.status -> 'conditions', '[]'::jsonb))
                               where value ->> 'type' = 'Ready') ready on true
            where r.kind = 'MemberCluster' and r.namespace = '' and r.name = any(?)
            """)
        .param(clusters.toArray(String[]::new))
        .query(
            rs -> {
              String name = rs.getString(1);
              members.add(name);
              if (!"True".equals(rs.getString(2))) {
                unreachable.put(
                    name,
                    "cluster unreachable since "
                        + (rs.getString(3) == null ? "it joined" : rs.getString(3))
                        + (rs.getString(4) == null ? "" : ": " + rs.getString(4)));
              }
            });
    for (String cluster : clusters) {
      if (!members.contains(cluster)) {
        unreachable.put(cluster, "no longer a member of the federation");
      }
    }
    return unreachable;
  }
}
