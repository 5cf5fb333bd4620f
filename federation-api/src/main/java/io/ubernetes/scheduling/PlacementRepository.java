package io.ubernetes.scheduling;

import io.ubernetes.placement.Resources;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The scheduler's tables: decisions, the capacity ledger and the scheduler lease. Plain SQL: these
 * are set-based writes of rows that are not API objects.
 */
@Repository
class PlacementRepository {
  private final JdbcClient jdbc;

  PlacementRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The stored decision of one workload. */
  record StoredDecision(
      UUID workload,
      long workloadGeneration,
      long policyVersion,
      Instant decidedAt,
      String outcome,
      String summary,
      String explanation,
      Instant scaleBackPendingSince) {}

  /** A workload that needs placing, with the revision of the policy it refers to (0 if none). */
  record Pending(UUID workload, long policyVersion) {}

  /**
   * Workloads never placed, whose spec or policy changed since their decision, or whose burst
   * scale-back is pending.
   */
  List<Pending> pending() {
    return jdbc.sql(
            """
            select w.uid, coalesce(p.resource_version, 0) as policy_version
            from resources w
            left join placement_decisions d on d.workload_uid = w.uid
            left join resources p on p.kind = 'PlacementPolicy' and p.namespace = ''
                 and p.name = w.spec -> 'placement' ->> 'policyRef'
            where w.kind = 'FederatedWorkload'
              and (d.workload_uid is null
                   or d.workload_generation <> w.generation
                   or d.policy_version <> coalesce(p.resource_version, 0)
                   or d.scale_back_pending_since is not null)
            order by w.namespace, w.name
            """)
        .query((rs, row) -> new Pending(rs.getObject(1, UUID.class), rs.getLong(2)))
        .list();
  }

  /** Every workload with the revision of its policy, for a full pass. */
  List<Pending> all() {
    return jdbc.sql(
            """
            select w.uid, coalesce(p.resource_version, 0) as policy_version
            from resources w
            left join resources p on p.kind = 'PlacementPolicy' and p.namespace = ''
                 and p.name = w.spec -> 'placement' ->> 'policyRef'
            where w.kind = 'FederatedWorkload'
            order by w.namespace, w.name
            """)
        .query((rs, row) -> new Pending(rs.getObject(1, UUID.class), rs.getLong(2)))
        .list();
  }

  /** What the ledger commits on each cluster. */
  Map<String, Resources> committedByCluster() {
    Map<String, Resources> committed = new HashMap<>();
    jdbc.sql(
            """
            select cluster, sum(replicas * cpu_millis), sum(replicas * memory_bytes), sum(replicas * pods)
            from placement_ledger group by cluster
            """)
        .query(
            rs -> {
              committed.put(
                  rs.getString(1), new Resources(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            });
    return committed;
  }

  /** Where each workload's replicas are committed, keyed by workload uid. */
  Map<UUID, Map<String, Integer>> placements() {
    Map<UUID, Map<String, Integer>> placements = new HashMap<>();
    jdbc.sql("select workload_uid, cluster, replicas from placement_ledger")
        .query(
            rs -> {
              placements
                  .computeIfAbsent(rs.getObject(1, UUID.class), w -> new TreeMap<>())
                  .put(rs.getString(2), rs.getInt(3));
            });
    return placements;
  }

  Map<String, Integer> placement(UUID workload) {
    Map<String, Integer> placement = new TreeMap<>();
    jdbc.sql("select cluster, replicas from placement_ledger where workload_uid = ?")
        .param(workload)
        .query(
            rs -> {
              placement.put(rs.getString(1), rs.getInt(2));
            });
    return placement;
  }

  void replacePlacement(UUID workload, Map<String, Integer> placement, Resources perReplica) {
    jdbc.sql("delete from placement_ledger where workload_uid = ?").param(workload).update();
    placement.forEach(
        (cluster, replicas) ->
            jdbc.sql(
                    """
                    insert into placement_ledger (workload_uid, cluster, replicas, cpu_millis, memory_bytes, pods)
                    values (?, ?, ?, ?, ?, ?)
                    """)
                .params(
                    workload,
                    cluster,
                    replicas,
                    perReplica.cpuMillis(),
                    perReplica.memoryBytes(),
                    perReplica.pods())
                .update());
  }

  Optional<StoredDecision> decision(UUID workload) {
    return jdbc.sql(
            """
            select workload_uid, workload_generation, policy_version, decided_at, outcome, summary,
                   explanation::text, scale_back_pending_since
            from placement_decisions where workload_uid = ?
            """)
        .param(workload)
        .query(
            (rs, row) ->
                new StoredDecision(
                    rs.getObject(1, UUID.class),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getTimestamp(4).toInstant(),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
        .optional();
  }

  /** Every stored decision without its explanation, keyed by workload uid. */
  Map<UUID, StoredDecision> decisions() {
    Map<UUID, StoredDecision> decisions = new HashMap<>();
    jdbc.sql(
            """
            select workload_uid, workload_generation, policy_version, decided_at, outcome, summary,
                   scale_back_pending_since
            from placement_decisions
            """)
        .query(
            rs -> {
              UUID workload = rs.getObject(1, UUID.class);
              decisions.put(
                  workload,
                  new StoredDecision(
                      workload,
                      rs.getLong(2),
                      rs.getLong(3),
                      rs.getTimestamp(4).toInstant(),
                      rs.getString(5),
                      rs.getString(6),
                      null,
                      rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()));
            });
    return decisions;
  }

  /** The namespace and name of every workload, keyed by uid. */
  Map<UUID, io.ubernetes.placement.WorkloadKey> workloadKeys() {
    Map<UUID, io.ubernetes.placement.WorkloadKey> keys = new HashMap<>();
    jdbc.sql("select uid, namespace, name from resources where kind = 'FederatedWorkload'")
        .query(
            rs -> {
              keys.put(
                  rs.getObject(1, UUID.class),
                  new io.ubernetes.placement.WorkloadKey(rs.getString(2), rs.getString(3)));
            });
    return keys;
  }

  void saveDecision(StoredDecision decision) {
    jdbc.sql(
            """
            insert into placement_decisions (workload_uid, workload_generation, policy_version,
                decided_at, outcome, summary, explanation, scale_back_pending_since)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
            on conflict (workload_uid) do update set
                workload_generation = excluded.workload_generation,
                policy_version = excluded.policy_version,
                decided_at = excluded.decided_at,
                outcome = excluded.outcome,
                summary = excluded.summary,
                explanation = excluded.explanation,
                scale_back_pending_since = excluded.scale_back_pending_since
            """)
        .params(
            decision.workload(),
            decision.workloadGeneration(),
            decision.policyVersion(),
            Timestamp.from(decision.decidedAt()),
            decision.outcome(),
            decision.summary(),
            decision.explanation(),
            decision.scaleBackPendingSince() == null
                ? null
                : Timestamp.from(decision.scaleBackPendingSince()))
        .update();
  }

  /** Takes the lease over: a new epoch that fences off writes of the previous holder. */
  long takeLease(String holder, Instant now) {
    return jdbc.sql(
            "update scheduler_lease set epoch = epoch + 1, holder = ?, acquired_at = ? where id = 1"
                + " returning epoch")
        .params(holder, Timestamp.from(now))
        .query(Long.class)
        .single();
  }

  /** The current epoch, locked against a takeover until the calling transaction ends. */
  long currentEpoch() {
    return jdbc.sql("select epoch from scheduler_lease where id = 1 for share")
        .query(Long.class)
        .single();
  }

  List<String> leaseHolder() {
    return jdbc.sql("select holder from scheduler_lease where id = 1").query(String.class).list();
  }
}
