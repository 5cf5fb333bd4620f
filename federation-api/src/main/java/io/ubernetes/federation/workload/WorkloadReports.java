package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.PodIssue;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * What member clusters last reported about their workloads: the table {@code agent_reports}, which
 * no other class names.
 */
@Repository
public class WorkloadReports {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  WorkloadReports(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Every cluster's last report about these workloads, by workload and cluster, in one query. */
  public Map<UUID, Map<String, ClusterReport>> of(Collection<UUID> workloads) {
    Map<UUID, Map<String, ClusterReport>> reports = new HashMap<>();
    if (workloads.isEmpty()) {
      return reports;
    }
    jdbc.sql(
            """
            select workload_uid, cluster, generation, applied, replicas, ready_replicas,
                   updated_replicas, available_replicas, errors::text, pod_issues::text
            from agent_reports where workload_uid = any(?)
            """)
        .param(workloads.toArray(UUID[]::new))
        .query(
            rs -> {
              reports
                  .computeIfAbsent(rs.getObject(1, UUID.class), w -> new HashMap<>())
                  .put(
                      rs.getString(2),
                      new ClusterReport(
                          rs.getString(2),
                          rs.getLong(3),
                          rs.getBoolean(4),
                          rs.getInt(5),
                          rs.getInt(6),
                          rs.getObject(7, Integer.class),
                          rs.getObject(8, Integer.class),
                          List.of(json.readValue(rs.getString(9), String[].class)),
                          List.of(json.readValue(rs.getString(10), PodIssue[].class))));
            });
    return reports;
  }
}
