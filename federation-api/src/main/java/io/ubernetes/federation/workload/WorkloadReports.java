package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.ServiceReport;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * What member clusters last reported about their workloads: the table {@code agent_reports}, which
 * no other class names. Each read and write is one statement per batch, however many workloads it
 * holds; what the reports may be about (the work clusters still have) is the caller's to say.
 */
@Repository
public class WorkloadReports {
  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final JsonMapper json;
  private final ObjectJudge judge;

  WorkloadReports(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json, ObjectJudge judge) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
    this.judge = judge;
  }

  /** One cluster's report about one workload, as a key. */
  public record ClusterWorkload(String cluster, UUID workload) {}

  /**
   * Pods of a workload that a cluster reports no node can take.
   *
   * @param reason the member's own words about one of them; may be null
   * @param since when the first of them began to wait
   */
  public record WaitingPods(int pods, String reason, Instant since) {}

  /**
   * Of these reports of one cluster, those that differ from what it last reported (the agent
   * repeats everything every interval), in their order; in one query.
   */
  public Map<UUID, WorkloadReport> changed(String cluster, Map<UUID, WorkloadReport> reports) {
    Map<UUID, WorkloadReport> changed = new LinkedHashMap<>(reports);
    if (reports.isEmpty()) {
      return changed;
    }
    Map<UUID, String> stored = new HashMap<>();
    jdbc.sql(
            """
            select workload_uid, generation, applied, replicas, ready_replicas, errors::text,
                   services::text, updated_replicas, available_replicas, pod_issues::text,
                   workload_revision, restarts, objects::text
            from agent_reports where cluster = ? and workload_uid = any(?)
            """)
        .params(cluster, reports.keySet().toArray(UUID[]::new))
        .query(
            rs -> {
              stored.put(
                  rs.getObject(1, UUID.class),
                  ReportFingerprint.of(
                      rs.getLong(2),
                      rs.getBoolean(3),
                      rs.getInt(4),
                      rs.getInt(5),
                      json.readTree(rs.getString(6)),
                      json.readTree(rs.getString(7)),
                      rs.getObject(8, Integer.class),
                      rs.getObject(9, Integer.class),
                      json.readTree(rs.getString(10)),
                      rs.getObject(11, Integer.class),
                      rs.getObject(12, Integer.class),
                      ReportFingerprint.canonical(json.readTree(rs.getString(13)), json)));
            });
    changed
        .entrySet()
        .removeIf(
            entry ->
                ReportFingerprint.of(entry.getValue(), json).equals(stored.get(entry.getKey())));
    return changed;
  }

  /**
   * Stores one cluster's reports in one batch. The caller passes only reports about work the
   * cluster still has, found in the same transaction with the workloads locked: reports about work
   * it was never given (or no longer has) are stale. Pods that no node can take are counted apart,
   * since when the first of them has waited: the agent's word, or else when the federation first
   * heard of them.
   *
   * @return the workloads whose report was stored
   */
  public List<UUID> store(String cluster, Map<UUID, WorkloadReport> reports, Instant now) {
    List<UUID> order = List.copyOf(reports.keySet());
    if (order.isEmpty()) {
      return List.of();
    }
    List<Object[]> rows = new ArrayList<>();
    Timestamp at = Timestamp.from(now);
    for (UUID uid : order) {
      WorkloadReport workload = reports.get(uid);
      int unschedulable = workload.unschedulablePods();
      Timestamp since = unschedulable == 0 ? null : earliestUnschedulable(workload, now);
      rows.add(
          new Object[] {
            cluster,
            uid,
            workload.generation(),
            workload.applied(),
            Math.max(0, workload.replicas()),
            Math.max(0, workload.readyReplicas()),
            json.writeValueAsString(workload.errors()),
            json.writeValueAsString(workload.services()),
            at,
            ReportFingerprint.nonNegative(workload.updatedReplicas()),
            ReportFingerprint.nonNegative(workload.availableReplicas()),
            json.writeValueAsString(workload.podIssues()),
            unschedulable,
            unschedulable == 0 ? null : since == null ? at : since,
            ReportFingerprint.revision(workload.workloadRevision()),
            ReportFingerprint.count(workload.restarts()),
            json.writeValueAsString(workload.objects()),
            // Last, for the update: the agent's own time, if it told one.
            since
          });
    }
    int[] counts =
        batch.batchUpdate(
            """
            insert into agent_reports (cluster, workload_uid, generation, applied, replicas,
                                       ready_replicas, errors, services, reported_at,
                                       updated_replicas, available_replicas, pod_issues,
                                       unschedulable_pods, unschedulable_since,
                                       workload_revision, restarts, objects)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?,
                    cast(? as jsonb), ?, ?, ?, ?, cast(? as jsonb))
            on conflict (cluster, workload_uid) do update set
                generation = excluded.generation, applied = excluded.applied,
                replicas = excluded.replicas, ready_replicas = excluded.ready_replicas,
                errors = excluded.errors, services = excluded.services,
                reported_at = excluded.reported_at,
                updated_replicas = excluded.updated_replicas,
                available_replicas = excluded.available_replicas,
                pod_issues = excluded.pod_issues,
                unschedulable_pods = excluded.unschedulable_pods,
                workload_revision = excluded.workload_revision,
                restarts = excluded.restarts,
                objects = excluded.objects,
                unschedulable_since =
                    case when excluded.unschedulable_pods = 0 then null
                         else coalesce(cast(? as timestamptz), agent_reports.unschedulable_since,
                                       excluded.reported_at) end
            """,
            rows);
    List<UUID> stored = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        stored.add(order.get(i));
      }
    }
    return stored;
  }

  /** When the first unschedulable pod began to wait, as the agent says; never after now. */
  private static Timestamp earliestUnschedulable(WorkloadReport report, Instant now) {
    Instant earliest = null;
    for (PodIssue issue : report.podIssues()) {
      Instant at = PodIssue.UNSCHEDULABLE.equals(issue.reason()) ? instant(issue.since()) : null;
      if (at != null && (earliest == null || at.isBefore(earliest))) {
        earliest = at;
      }
    }
    return earliest == null ? null : Timestamp.from(earliest.isAfter(now) ? now : earliest);
  }

  private static Instant instant(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Every cluster's last report about these workloads, by workload and cluster, in one query; each
   * object judged by the operators' health rules as it is read, so that the workload's status, its
   * conditions and its rollout all see the same verdicts.
   */
  public Map<UUID, Map<String, ClusterReport>> of(Collection<UUID> workloads) {
    Map<UUID, Map<String, ClusterReport>> reports = new HashMap<>();
    if (workloads.isEmpty()) {
      return reports;
    }
    jdbc.sql(
            """
            select workload_uid, cluster, generation, applied, replicas, ready_replicas,
                   updated_replicas, available_replicas, errors::text, pod_issues::text,
                   workload_revision, restarts, objects::text
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
                          List.of(json.readValue(rs.getString(10), PodIssue[].class)),
                          rs.getObject(11, Integer.class),
                          rs.getObject(12, Integer.class),
                          judge.judge(
                              List.of(json.readValue(rs.getString(13), ObjectStatus[].class)))));
            });
    return reports;
  }

  /**
   * Pods of these workloads that their clusters report no node can take, by workload and cluster:
   * how many, the member's reason and since when.
   */
  public Map<UUID, Map<String, WaitingPods>> unschedulable(Collection<UUID> workloads) {
    Map<UUID, Map<String, WaitingPods>> waiting = new HashMap<>();
    if (workloads.isEmpty()) {
      return waiting;
    }
    jdbc.sql(
            """
            select workload_uid, cluster, unschedulable_pods, unschedulable_since,
                   (select i ->> 'message' from jsonb_array_elements(pod_issues) i
                    where i ->> 'reason' = 'Unschedulable' limit 1)
            from agent_reports
            where workload_uid = any(?) and unschedulable_pods > 0
              and unschedulable_since is not null
            """)
        .param(workloads.toArray(UUID[]::new))
        .query(
            rs -> {
              waiting
                  .computeIfAbsent(rs.getObject(1, UUID.class), w -> new TreeMap<>())
                  .put(
                      rs.getString(2),
                      new WaitingPods(
                          rs.getInt(3), rs.getString(5), rs.getTimestamp(4).toInstant()));
            });
    return waiting;
  }

  /**
   * The workloads with pods that have waited for a node since {@code cutoff} or earlier, each with
   * the latest such time over its clusters; in one query that reads only those reports.
   */
  public Map<UUID, Instant> waitingSince(Instant cutoff) {
    Map<UUID, Instant> waiting = new HashMap<>();
    jdbc.sql(
            """
            select workload_uid, max(unschedulable_since) from agent_reports
            where unschedulable_since <= ?
            group by workload_uid
            """)
        .param(Timestamp.from(cutoff))
        .query(
            rs -> {
              waiting.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
            });
    return waiting;
  }

  /**
   * Ready replicas per cluster of these workloads, as agents last reported them: no more than the
   * cluster's workload object wants, so a report from before a scale-down vouches for no more than
   * remain.
   */
  public Map<UUID, Map<String, Integer>> readyReplicas(Collection<UUID> workloads) {
    Map<UUID, Map<String, Integer>> ready = new HashMap<>();
    if (workloads.isEmpty()) {
      return ready;
    }
    jdbc.sql(
            """
            select workload_uid, cluster, least(ready_replicas, replicas) from agent_reports
            where workload_uid = any(?)
            """)
        .param(workloads.toArray(UUID[]::new))
        .query(
            rs -> {
              ready
                  .computeIfAbsent(rs.getObject(1, UUID.class), w -> new TreeMap<>())
                  .put(rs.getString(2), rs.getInt(3));
            });
    return ready;
  }

  /** The Services clusters report for these workloads, by workload and cluster, in one query. */
  public Map<UUID, Map<String, List<ServiceReport>>> services(Collection<ClusterWorkload> keys) {
    Map<UUID, Map<String, List<ServiceReport>>> services = new HashMap<>();
    if (keys.isEmpty()) {
      return services;
    }
    jdbc.sql(
            """
            select r.workload_uid, r.cluster, r.services::text
            from agent_reports r
            join unnest(?::text[], ?::uuid[]) k(cluster, workload_uid)
                 on k.cluster = r.cluster and k.workload_uid = r.workload_uid
            """)
        .params(
            keys.stream().map(ClusterWorkload::cluster).toArray(String[]::new),
            keys.stream().map(ClusterWorkload::workload).toArray(UUID[]::new))
        .query(
            rs -> {
              services
                  .computeIfAbsent(rs.getObject(1, UUID.class), w -> new TreeMap<>())
                  .put(
                      rs.getString(2),
                      List.of(json.readValue(rs.getString(3), ServiceReport[].class)));
            });
    return services;
  }

  /** Forgets what clusters reported about workloads they no longer run, in one batch. */
  public void forget(Collection<ClusterWorkload> keys) {
    if (keys.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>();
    keys.forEach(key -> rows.add(new Object[] {key.cluster(), key.workload()}));
    batch.batchUpdate("delete from agent_reports where cluster = ? and workload_uid = ?", rows);
  }

  /** Forgets everything a cluster reported: the cluster itself was removed. */
  public void forget(String cluster) {
    jdbc.sql("delete from agent_reports where cluster = ?").param(cluster).update();
  }
}
