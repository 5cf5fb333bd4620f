package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.federation.resource.ResourceStore;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadStatuses;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes what agents report about their workloads and has each workload's status computed again (see
 * {@link WorkloadStatuses}); so is the status of every workload with a share on a cluster whose
 * reachability changed, so that a silent cluster's share is Unknown at once and counts no ready
 * replicas.
 */
@Service
class AgentReports {
  /** Pod issues kept per report, and the length of each message: the rest is noise. */
  private static final int MAX_ISSUES = 8;

  private static final int MAX_MESSAGE = 512;

  private final JdbcClient jdbc;
  private final ResourceStore store;
  private final FederatedWorkloadStrategy workloads;
  private final WorkloadStatuses statuses;
  private final JsonMapper json;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final JdbcTemplate batch;

  AgentReports(
      JdbcClient jdbc,
      JdbcTemplate batch,
      ResourceStore store,
      FederatedWorkloadStrategy workloads,
      WorkloadStatuses statuses,
      JsonMapper json,
      Clock clock,
      TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.store = store;
    this.workloads = workloads;
    this.statuses = statuses;
    this.json = json;
    this.clock = clock;
    this.transactions = transactions;
  }

  /**
   * Takes one agent report. Workloads whose report is what the federation already has (the agent
   * repeats everything every interval) cost nothing beyond one read; the others are stored and
   * folded into their workloads' status in one transaction, with a fixed number of statements
   * however many there are. Their workloads are locked first, in uid order, as every transaction
   * that writes rows referring to several workloads does.
   */
  void accept(String cluster, StatusReport report) {
    Map<UUID, WorkloadReport> byUid = new TreeMap<>();
    for (WorkloadReport workload : report.workloads()) {
      try {
        byUid.put(UUID.fromString(workload.workloadUid()), bounded(workload));
      } catch (IllegalArgumentException | NullPointerException e) {
        // Not a workload uid: nothing of the federation's.
      }
    }
    Map<UUID, String> known = stored(cluster, byUid.keySet());
    byUid
        .entrySet()
        .removeIf(entry -> fingerprint(entry.getValue()).equals(known.get(entry.getKey())));
    if (byUid.isEmpty()) {
      return;
    }
    transactions.executeWithoutResult(status -> acceptChanged(cluster, byUid));
  }

  /**
   * Folds again the status of every workload with a share on this cluster: called when the cluster
   * became reachable or stopped being so.
   */
  void refold(String cluster) {
    transactions.executeWithoutResult(
        status -> {
          List<UUID> uids =
              jdbc.sql("select workload_uid from placement_ledger where cluster = ?")
                  .param(cluster)
                  .query(UUID.class)
                  .list();
          statuses.refresh(store.lockAll(workloads, uids), clock.instant());
        });
  }

  private void acceptChanged(String cluster, Map<UUID, WorkloadReport> changed) {
    Map<UUID, ResourceStore.Locked> locked = store.lockAll(workloads, changed.keySet());
    List<UUID> stored = store(cluster, locked.keySet(), changed, clock.instant());
    Map<UUID, ResourceStore.Locked> reported = new HashMap<>();
    stored.forEach(uid -> reported.put(uid, locked.get(uid)));
    statuses.refresh(reported, clock.instant());
  }

  /** The report with at most a few pod issues, each message of a sane length. */
  private static WorkloadReport bounded(WorkloadReport report) {
    List<PodIssue> issues = new ArrayList<>();
    for (PodIssue issue : report.podIssues()) {
      if (issue == null || issues.size() == MAX_ISSUES) {
        continue;
      }
      issues.add(
          new PodIssue(
              cut(issue.reason(), 64),
              cut(issue.message(), MAX_MESSAGE),
              issue.pods(),
              since(issue)));
    }
    return new WorkloadReport(
        report.workloadUid(),
        report.generation(),
        report.applied(),
        report.replicas(),
        report.readyReplicas(),
        report.errors(),
        report.services(),
        report.updatedReplicas(),
        report.availableReplicas(),
        issues);
  }

  private static String cut(String text, int length) {
    return text == null || text.length() <= length ? text : text.substring(0, length - 3) + "...";
  }

  /** The issue's time as an RFC 3339 instant, or null when it is not one. */
  private static String since(PodIssue issue) {
    Instant at = instant(issue.since());
    return at == null ? null : at.toString();
  }

  private static Instant instant(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** What this cluster last reported about these workloads, as {@link #fingerprint}s. */
  private Map<UUID, String> stored(String cluster, Collection<UUID> uids) {
    Map<UUID, String> stored = new HashMap<>();
    if (uids.isEmpty()) {
      return stored;
    }
    jdbc.sql(
            """
            select workload_uid, generation, applied, replicas, ready_replicas, errors::text,
                   services::text, updated_replicas, available_replicas, pod_issues::text
            from agent_reports where cluster = ? and workload_uid = any(?)
            """)
        .params(cluster, uids.toArray(UUID[]::new))
        .query(
            rs -> {
              stored.put(
                  rs.getObject(1, UUID.class),
                  fingerprint(
                      rs.getLong(2),
                      rs.getBoolean(3),
                      rs.getInt(4),
                      rs.getInt(5),
                      json.readTree(rs.getString(6)),
                      json.readTree(rs.getString(7)),
                      rs.getObject(8, Integer.class),
                      rs.getObject(9, Integer.class),
                      json.readTree(rs.getString(10))));
            });
    return stored;
  }

  private String fingerprint(WorkloadReport report) {
    return fingerprint(
        report.generation(),
        report.applied(),
        Math.max(0, report.replicas()),
        Math.max(0, report.readyReplicas()),
        json.valueToTree(report.errors()),
        json.valueToTree(report.services()),
        nonNegative(report.updatedReplicas()),
        nonNegative(report.availableReplicas()),
        json.valueToTree(report.podIssues()));
  }

  private static String fingerprint(
      long generation,
      boolean applied,
      int replicas,
      int ready,
      JsonNode errors,
      JsonNode services,
      Integer updated,
      Integer available,
      JsonNode podIssues) {
    return String.join(
        "|",
        Long.toString(generation),
        Boolean.toString(applied),
        Integer.toString(replicas),
        Integer.toString(ready),
        errors.toString(),
        services.toString(),
        String.valueOf(updated),
        String.valueOf(available),
        podIssues.toString());
  }

  private static Integer nonNegative(Integer count) {
    return count == null ? null : Math.max(0, count);
  }

  /**
   * Stores the reports of these workloads in one batch; reports about work this cluster was never
   * given (or no longer has) are stale and ignored. Pods that no node can take are counted apart,
   * since when the first of them has waited: the agent's word, or else when the federation first
   * heard of them.
   *
   * @return the workloads whose report was stored
   */
  private List<UUID> store(
      String cluster, Collection<UUID> uids, Map<UUID, WorkloadReport> reports, Instant now) {
    List<UUID> order = List.copyOf(uids);
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
            nonNegative(workload.updatedReplicas()),
            nonNegative(workload.availableReplicas()),
            json.writeValueAsString(workload.podIssues()),
            unschedulable,
            unschedulable == 0 ? null : since == null ? at : since,
            cluster,
            uid,
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
                                       unschedulable_pods, unschedulable_since)
            select ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?,
                   cast(? as jsonb), ?, ?
            where exists (select 1 from cluster_work
                          where cluster = ? and workload_uid = ? and not deleted)
            on conflict (cluster, workload_uid) do update set
                generation = excluded.generation, applied = excluded.applied,
                replicas = excluded.replicas, ready_replicas = excluded.ready_replicas,
                errors = excluded.errors, services = excluded.services,
                reported_at = excluded.reported_at,
                updated_replicas = excluded.updated_replicas,
                available_replicas = excluded.available_replicas,
                pod_issues = excluded.pod_issues,
                unschedulable_pods = excluded.unschedulable_pods,
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
}
