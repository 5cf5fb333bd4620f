package io.ubernetes.agents;

import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.api.resource.Condition;
import io.ubernetes.api.resource.Conditions;
import io.ubernetes.api.resource.ResourceStore;
import io.ubernetes.api.workload.FederatedWorkloadStrategy;
import io.ubernetes.api.workload.WorkloadStatus;
import io.ubernetes.api.workload.WorkloadStatus.ClusterReplicas;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes what agents report about their workloads and folds it into each workload's status: ready
 * replicas per cluster and in total, {@code Applied} (every cluster runs the current generation)
 * and {@code Ready} (every placed replica is ready).
 */
@Service
class AgentReports {
  private final JdbcClient jdbc;
  private final ResourceStore store;
  private final FederatedWorkloadStrategy workloads;
  private final JsonMapper json;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final JdbcTemplate batch;

  AgentReports(
      JdbcClient jdbc,
      JdbcTemplate batch,
      ResourceStore store,
      FederatedWorkloadStrategy workloads,
      JsonMapper json,
      Clock clock,
      TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.store = store;
    this.workloads = workloads;
    this.json = json;
    this.clock = clock;
    this.transactions = transactions;
  }

  /** One stored report. */
  record Stored(
      String cluster, long generation, boolean applied, int readyReplicas, List<String> errors) {}

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
        byUid.put(UUID.fromString(workload.workloadUid()), workload);
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

  private void acceptChanged(String cluster, Map<UUID, WorkloadReport> changed) {
    Instant now = clock.instant();
    Map<UUID, ResourceStore.Locked> locked = store.lockAll(workloads, changed.keySet());
    List<UUID> stored = store(cluster, locked.keySet(), changed, now);
    if (stored.isEmpty()) {
      return;
    }
    Map<UUID, Map<String, Stored>> reports = reports(stored);
    Map<UUID, UnaryOperator<WorkloadStatus>> folds = new HashMap<>();
    for (UUID uid : stored) {
      long generation = locked.get(uid).generation();
      Map<String, Stored> mine = reports.getOrDefault(uid, Map.of());
      folds.put(uid, status -> fold(status, mine, generation, now));
    }
    store.updateStatuses(workloads, folds);
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
                   services::text
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
                      json.readTree(rs.getString(7))));
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
        json.valueToTree(report.services()));
  }

  private static String fingerprint(
      long generation,
      boolean applied,
      int replicas,
      int ready,
      JsonNode errors,
      JsonNode services) {
    return generation
        + "|"
        + applied
        + "|"
        + replicas
        + "|"
        + ready
        + "|"
        + errors
        + "|"
        + services;
  }

  /**
   * Stores the reports of these workloads in one batch; reports about work this cluster was never
   * given (or no longer has) are stale and ignored.
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
            cluster,
            uid
          });
    }
    int[] counts =
        batch.batchUpdate(
            """
            insert into agent_reports (cluster, workload_uid, generation, applied, replicas,
                                       ready_replicas, errors, services, reported_at)
            select ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?
            where exists (select 1 from cluster_work
                          where cluster = ? and workload_uid = ? and not deleted)
            on conflict (cluster, workload_uid) do update set
                generation = excluded.generation, applied = excluded.applied,
                replicas = excluded.replicas, ready_replicas = excluded.ready_replicas,
                errors = excluded.errors, services = excluded.services,
                reported_at = excluded.reported_at
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

  /** Every cluster's last report about these workloads, by workload and cluster. */
  private Map<UUID, Map<String, Stored>> reports(Collection<UUID> workloads) {
    Map<UUID, Map<String, Stored>> reports = new HashMap<>();
    jdbc.sql(
            "select workload_uid, cluster, generation, applied, ready_replicas, errors::text"
                + " from agent_reports where workload_uid = any(?)")
        .param(workloads.toArray(UUID[]::new))
        .query(
            rs -> {
              reports
                  .computeIfAbsent(rs.getObject(1, UUID.class), w -> new HashMap<>())
                  .put(
                      rs.getString(2),
                      new Stored(
                          rs.getString(2),
                          rs.getLong(3),
                          rs.getBoolean(4),
                          rs.getInt(5),
                          List.of(json.readValue(rs.getString(6), String[].class))));
            });
    return reports;
  }

  static WorkloadStatus fold(
      WorkloadStatus status, Map<String, Stored> reports, long generation, Instant now) {
    List<ClusterReplicas> clusters = new ArrayList<>();
    int ready = 0;
    int desired = 0;
    int applied = 0;
    List<String> errors = new ArrayList<>();
    for (ClusterReplicas placed : status.clusters()) {
      Stored report = reports.get(placed.name());
      int readyHere = report == null ? 0 : Math.min(report.readyReplicas(), placed.replicas());
      clusters.add(
          new ClusterReplicas(
              placed.name(), placed.replicas(), readyHere, placed.targetReplicas()));
      ready += readyHere;
      desired += placed.wanted();
      if (report != null
          && placed.replicas() > 0
          && report.generation() == generation
          && report.applied()) {
        applied++;
      }
      if (report != null && placed.replicas() > 0) {
        report.errors().forEach(e -> errors.add(placed.name() + ": " + e));
      }
    }
    List<Condition> conditions = status.conditions();
    // A cluster a move is emptying still counts until its replicas are gone.
    int placedClusters = (int) status.clusters().stream().filter(c -> c.replicas() > 0).count();
    if (!errors.isEmpty()) {
      conditions =
          Conditions.set(
              conditions,
              "Applied",
              "False",
              "ApplyFailed",
              String.join("; ", errors),
              generation,
              now);
    } else if (applied == placedClusters && placedClusters > 0) {
      conditions =
          Conditions.set(
              conditions,
              "Applied",
              "True",
              "Applied",
              "Generation " + generation + " runs in every cluster",
              generation,
              now);
    } else {
      conditions =
          Conditions.set(
              conditions,
              "Applied",
              "False",
              "Applying",
              applied + " of " + placedClusters + " clusters run generation " + generation,
              generation,
              now);
    }
    boolean allReady = desired > 0 && ready >= desired;
    conditions =
        Conditions.set(
            conditions,
            "Ready",
            allReady ? "True" : "False",
            allReady ? "Ready" : "NotReady",
            ready + "/" + desired + " replicas ready",
            generation,
            now);
    return new WorkloadStatus(status.observedGeneration(), conditions, clusters, ready);
  }
}
