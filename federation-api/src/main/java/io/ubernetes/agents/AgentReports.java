package io.ubernetes.agents;

import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.api.resource.Condition;
import io.ubernetes.api.resource.Conditions;
import io.ubernetes.api.resource.ResourceReader;
import io.ubernetes.api.resource.ResourceStore;
import io.ubernetes.api.workload.FederatedWorkload;
import io.ubernetes.api.workload.FederatedWorkloadStrategy;
import io.ubernetes.api.workload.WorkloadStatus;
import io.ubernetes.api.workload.WorkloadStatus.ClusterReplicas;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes what agents report about their workloads and folds it into each workload's status: ready
 * replicas per cluster and in total, {@code Applied} (every cluster runs the current generation)
 * and {@code Ready} (every placed replica is ready).
 */
@Service
class AgentReports {
  private final JdbcClient jdbc;
  private final ResourceReader reader;
  private final ResourceStore store;
  private final FederatedWorkloadStrategy workloads;
  private final JsonMapper json;
  private final Clock clock;

  AgentReports(
      JdbcClient jdbc,
      ResourceReader reader,
      ResourceStore store,
      FederatedWorkloadStrategy workloads,
      JsonMapper json,
      Clock clock) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.store = store;
    this.workloads = workloads;
    this.json = json;
    this.clock = clock;
  }

  /** One stored report. */
  record Stored(
      String cluster, long generation, boolean applied, int readyReplicas, List<String> errors) {}

  @Transactional
  void accept(String cluster, StatusReport report) {
    Instant now = clock.instant();
    Map<UUID, WorkloadReport> byUid = new TreeMap<>();
    for (WorkloadReport workload : report.workloads()) {
      try {
        byUid.put(UUID.fromString(workload.workloadUid()), workload);
      } catch (IllegalArgumentException | NullPointerException e) {
        // Not a workload uid: nothing of the federation's.
      }
    }
    if (byUid.isEmpty()) {
      return;
    }
    Map<UUID, FederatedWorkload> known = reader.getAll(workloads, byUid.keySet());
    // Each workload is locked before its report row is written, in uid order, as every transaction
    // that writes several workloads or rows referring to them does.
    for (Map.Entry<UUID, WorkloadReport> entry : byUid.entrySet()) {
      UUID uid = entry.getKey();
      FederatedWorkload workload = known.get(uid);
      if (workload == null
          || !store.lockIfPresent(
              workloads, workload.metadata().namespace(), workload.metadata().name(), uid)
          || !store(cluster, uid, entry.getValue(), now)) {
        continue;
      }
      Map<String, Stored> reports = reports(uid);
      long generation = workload.metadata().generation();
      store.updateStatus(
          workloads,
          workload.metadata().namespace(),
          workload.metadata().name(),
          status -> fold(status, reports, generation, now));
    }
  }

  /**
   * Stores the report; reports about work this cluster was never given (or no longer has) are stale
   * and ignored.
   *
   * @return whether it was stored
   */
  private boolean store(String cluster, UUID uid, WorkloadReport workload, Instant now) {
    return jdbc.sql(
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
                """)
            .params(
                cluster,
                uid,
                workload.generation(),
                workload.applied(),
                Math.max(0, workload.replicas()),
                Math.max(0, workload.readyReplicas()),
                json.writeValueAsString(workload.errors()),
                json.writeValueAsString(workload.services()),
                Timestamp.from(now),
                cluster,
                uid)
            .update()
        > 0;
  }

  private Map<String, Stored> reports(UUID workload) {
    Map<String, Stored> reports = new HashMap<>();
    jdbc.sql(
            "select cluster, generation, applied, ready_replicas, errors::text from agent_reports"
                + " where workload_uid = ?")
        .param(workload)
        .query(
            rs -> {
              reports.put(
                  rs.getString(1),
                  new Stored(
                      rs.getString(1),
                      rs.getLong(2),
                      rs.getBoolean(3),
                      rs.getInt(4),
                      List.of(json.readValue(rs.getString(5), String[].class))));
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
