package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.workload.WorkloadReports;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Unschedulable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The scheduler's tables, and the only class that reads or writes them: decisions ({@code
 * placement_decisions}), the capacity ledger ({@code placement_ledger}) and the clusters held back
 * from workloads ({@code unschedulable_holds}). Plain SQL: these are set-based writes of rows that
 * are not API objects. The scheduler's index of workloads ({@link #workloads}) joins the workloads'
 * rows in {@code resources} with the policies they refer to: one narrow row per workload, where
 * reads through their owner would decode every workload and policy on every pass. The active
 * scheduler keeps the ledger and the decisions it read and wrote in memory ({@link
 * SchedulerState}); the other reads are for taking the lease, for simulations and for checks.
 */
@Repository
public class PlacementRepository {
  /**
   * Every workload with what the scheduler compares with its decision: its generation, the revision
   * of the policy it refers to (0 if none), its own, and the number of its newest revision (0 if
   * none; an index lookup each), in the order passes place them.
   */
  private static final String WORKLOADS =
      """
      select w.uid, w.kind, w.namespace, w.name, w.generation, w.resource_version, w.created_at,
             coalesce(p.resource_version, 0) as policy_version,
             coalesce((select max(r.revision) from workload_revisions r
                       where r.workload_uid = w.uid), 0) as revision
      from resources w
      left join resources p on p.kind = 'PlacementPolicy' and p.namespace = ''
           and p.name = w.spec -> 'placement' ->> 'policyRef'
      where w.kind in ('FederatedWorkload', 'ClusterFederatedWorkload')
      order by w.namespace, w.name
      """;

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  PlacementRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** The workloads with a share of this cluster in the ledger: those its reports may concern. */
  public List<UUID> workloadsOn(String cluster) {
    return jdbc.sql("select workload_uid from placement_ledger where cluster = ?")
        .param(cluster)
        .query(UUID.class)
        .list();
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

  /**
   * A workload that needs placing, with the revision of the policy it refers to (0 if none).
   *
   * @param createdIfNew when the workload was created, if it was never placed; otherwise null
   */
  record Pending(UUID workload, long policyVersion, Instant createdIfNew) {}

  /**
   * A workload's rows of the ledger.
   *
   * @param running replicas per cluster that clusters are told to run now
   * @param target replicas per cluster the decision wants; differs from {@code running} while
   *     replicas move
   */
  record Shares(Map<String, Integer> running, Map<String, Integer> target) {
    static final Shares NONE = new Shares(Map.of(), Map.of());

    boolean moving() {
      return !running.equals(target);
    }
  }

  /**
   * A workload as the scheduler indexes it, without its spec: enough to tell whether it needs a
   * decision and whether a copy of it decoded earlier is still current.
   *
   * @param policyVersion the revision of the policy it refers to; 0 if none
   * @param revision the number of its newest revision; 0 if none. A new one is made when what
   *     clusters get of it changes without a change of its spec, as when override policies that
   *     select it are written, or its labels bring it under others
   */
  record Indexed(
      UUID uid,
      String kind,
      String namespace,
      String name,
      long generation,
      long resourceVersion,
      Instant created,
      long policyVersion,
      int revision) {}

  /** Every workload, in namespace and name order: one narrow row each, no spec decoded. */
  List<Indexed> workloads() {
    return jdbc.sql(WORKLOADS)
        .query(
            (rs, row) ->
                new Indexed(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getTimestamp(7).toInstant(),
                    rs.getLong(8),
                    rs.getInt(9)))
        .list();
  }

  /**
   * What the ledger commits on each cluster: while replicas move, the larger of what runs and what
   * is wanted there. Where the cluster's autoscaler owns a workload's replicas, what it reports it
   * runs when that is more: those pods are the federation's (its agent leaves them out of what runs
   * outside it), and a share is only their starting count. A cluster that scaled below its share
   * still has the share counted: its autoscaler may take it back at any time.
   */
  Map<String, Resources> committedByCluster() {
    return byCluster(
        jdbc.sql(
            """
            select l.cluster, sum(c.replicas * l.cpu_millis), sum(c.replicas * l.memory_bytes),
                   sum(c.replicas * l.pods)
            from placement_ledger l
            left join cluster_work w
                   on w.cluster = l.cluster and w.workload_uid = l.workload_uid
                  and w.replicas_owned_by_member and not w.deleted
            left join agent_reports r
                   on w.workload_uid is not null
                  and r.cluster = l.cluster and r.workload_uid = l.workload_uid
            cross join lateral (
                select greatest(l.replicas, l.target_replicas, coalesce(r.replicas, 0))::bigint
                    as replicas) c
            group by l.cluster
            """));
  }

  /**
   * What members whose autoscalers own a workload's replicas report they run beyond the ledger's
   * rows (the larger of what runs and what is wanted), by cluster: added to what the ledger
   * commits, it gives {@link #committedByCluster}. Only work whose replicas members own is read.
   */
  Map<String, Resources> reportedBeyondLedger() {
    return byCluster(
        jdbc.sql(
            """
            select l.cluster, sum(c.extra * l.cpu_millis), sum(c.extra * l.memory_bytes),
                   sum(c.extra * l.pods)
            from cluster_work w
            join placement_ledger l
              on l.cluster = w.cluster and l.workload_uid = w.workload_uid
            join agent_reports r
              on r.cluster = w.cluster and r.workload_uid = w.workload_uid
            cross join lateral (
                select (r.replicas - greatest(l.replicas, l.target_replicas))::bigint as extra) c
            where w.replicas_owned_by_member and not w.deleted and c.extra > 0
            group by l.cluster
            """));
  }

  /** Amounts by cluster, from rows of cluster, cpu, memory and pods. */
  private static Map<String, Resources> byCluster(JdbcClient.StatementSpec query) {
    Map<String, Resources> amounts = new HashMap<>();
    query.query(
        rs -> {
          amounts.put(rs.getString(1), new Resources(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        });
    return amounts;
  }

  /** Every workload's shares of the clusters, keyed by workload uid. */
  Map<UUID, Shares> shares() {
    return shares(
        jdbc.sql("select workload_uid, cluster, replicas, target_replicas from placement_ledger"));
  }

  /** The shares of these workloads only, for those that have any. */
  Map<UUID, Shares> shares(Collection<UUID> workloads) {
    if (workloads.isEmpty()) {
      return Map.of();
    }
    return shares(
        jdbc.sql(
                """
                select workload_uid, cluster, replicas, target_replicas from placement_ledger
                where workload_uid = any(?)
                """)
            .param(workloads.toArray(UUID[]::new)));
  }

  private static Map<UUID, Shares> shares(JdbcClient.StatementSpec query) {
    Map<UUID, Map<String, Integer>> running = new HashMap<>();
    Map<UUID, Map<String, Integer>> target = new HashMap<>();
    query.query(
        rs -> {
          UUID workload = rs.getObject(1, UUID.class);
          String cluster = rs.getString(2);
          running.computeIfAbsent(workload, w -> new TreeMap<>());
          target.computeIfAbsent(workload, w -> new TreeMap<>());
          if (rs.getInt(3) > 0) {
            running.get(workload).put(cluster, rs.getInt(3));
          }
          if (rs.getInt(4) > 0) {
            target.get(workload).put(cluster, rs.getInt(4));
          }
        });
    Map<UUID, Shares> shares = new HashMap<>();
    running.forEach((workload, map) -> shares.put(workload, new Shares(map, target.get(workload))));
    return shares;
  }

  /** The resources per replica the ledger counts for every workload that has rows. */
  Map<UUID, Resources> units() {
    return units(
        jdbc.sql(
            """
            select distinct on (workload_uid) workload_uid, cpu_millis, memory_bytes, pods
            from placement_ledger
            """));
  }

  private static Map<UUID, Resources> units(JdbcClient.StatementSpec query) {
    Map<UUID, Resources> units = new HashMap<>();
    query.query(
        rs -> {
          units.put(
              rs.getObject(1, UUID.class),
              new Resources(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        });
    return units;
  }

  /** Where each workload's replicas are wanted, keyed by workload uid. */
  Map<UUID, Map<String, Integer>> targets() {
    Map<UUID, Map<String, Integer>> targets = new HashMap<>();
    shares().forEach((workload, shares) -> targets.put(workload, shares.target()));
    return targets;
  }

  /**
   * A cluster held back from a workload whose replicas it could not schedule.
   *
   * @param until when the cluster may take the workload's replicas again
   */
  record Hold(UUID workload, String cluster, Instant since, String reason, Instant until) {}

  /**
   * Holds clusters back from workloads, or holds them longer. The workloads are locked by the
   * caller, so none of them is deleted meanwhile.
   */
  void hold(List<Hold> holds) {
    if (holds.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>();
    for (Hold hold : holds) {
      rows.add(
          new Object[] {
            hold.workload(),
            hold.cluster(),
            Timestamp.from(hold.since()),
            hold.reason(),
            Timestamp.from(hold.until())
          });
    }
    batch.batchUpdate(
        """
        insert into unschedulable_holds (workload_uid, cluster, since, reason, until)
        values (?, ?, ?, ?, ?)
        on conflict (workload_uid, cluster) do update set
            since = least(unschedulable_holds.since, excluded.since),
            reason = excluded.reason,
            until = greatest(unschedulable_holds.until, excluded.until)
        """,
        rows);
  }

  /** Forgets the holds that have ended. */
  void releaseHolds(Instant now) {
    jdbc.sql("delete from unschedulable_holds where until <= ?")
        .param(Timestamp.from(now))
        .update();
  }

  /**
   * Replicas of these workloads that their clusters report no node can take, by workload and
   * cluster: how many, the member's reason, since when, and whether that is longer than {@code
   * grace} before {@code now}; and the clusters held back from them ({@code 0} replicas, overdue),
   * whose replicas were moved for that reason a while ago.
   *
   * @param pods what the clusters report of these workloads' pods that wait for a node
   */
  Map<UUID, Map<String, Unschedulable>> unschedulable(
      java.util.Collection<UUID> workloads,
      Map<UUID, Map<String, WorkloadReports.WaitingPods>> pods,
      Instant now,
      Duration grace) {
    Map<UUID, Map<String, Unschedulable>> waiting = new HashMap<>();
    if (workloads.isEmpty()) {
      return waiting;
    }
    pods.forEach(
        (workload, byCluster) ->
            byCluster.forEach(
                (cluster, waitingPods) ->
                    waiting
                        .computeIfAbsent(workload, w -> new TreeMap<>())
                        .put(
                            cluster,
                            new Unschedulable(
                                waitingPods.pods(),
                                waitingPods.reason(),
                                waitingPods.since(),
                                !now.isBefore(waitingPods.since().plus(grace))))));
    jdbc.sql(
            """
            select workload_uid, cluster, since, reason from unschedulable_holds
            where workload_uid = any(?) and until > ?
            """)
        .params(workloads.toArray(UUID[]::new), Timestamp.from(now))
        .query(
            rs -> {
              Map<String, Unschedulable> mine =
                  waiting.computeIfAbsent(rs.getObject(1, UUID.class), w -> new TreeMap<>());
              Unschedulable reported = mine.get(rs.getString(2));
              mine.put(
                  rs.getString(2),
                  reported != null
                      ? new Unschedulable(
                          reported.replicas(), reported.reason(), reported.since(), true)
                      : new Unschedulable(
                          0, rs.getString(4), rs.getTimestamp(3).toInstant(), true));
            });
    return waiting;
  }

  /** One workload's new ledger rows. */
  record NewShares(UUID workload, Shares shares, Resources perReplica) {}

  /**
   * Replaces workloads' rows (what clusters run now and what the decision wants) in two statements,
   * however many workloads there are.
   */
  void replaceShares(List<NewShares> changes) {
    if (changes.isEmpty()) {
      return;
    }
    jdbc.sql("delete from placement_ledger where workload_uid = any(?)")
        .param(changes.stream().map(NewShares::workload).toArray(UUID[]::new))
        .update();
    List<Object[]> rows = new ArrayList<>();
    for (NewShares change : changes) {
      Set<String> clusters = new TreeSet<>(change.shares().running().keySet());
      clusters.addAll(change.shares().target().keySet());
      for (String cluster : clusters) {
        int running = change.shares().running().getOrDefault(cluster, 0);
        int target = change.shares().target().getOrDefault(cluster, 0);
        if (running + target > 0) {
          Resources unit = change.perReplica();
          rows.add(
              new Object[] {
                change.workload(),
                cluster,
                running,
                target,
                unit.cpuMillis(),
                unit.memoryBytes(),
                unit.pods()
              });
        }
      }
    }
    batch.batchUpdate(
        """
        insert into placement_ledger (workload_uid, cluster, replicas, target_replicas,
                                      cpu_millis, memory_bytes, pods)
        values (?, ?, ?, ?, ?, ?, ?)
        """,
        rows);
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

  /**
   * Stores decisions, replacing those of the same workloads, in one batch.
   *
   * @param epoch the scheduler epoch they were decided in
   */
  void saveDecisions(long epoch, List<StoredDecision> decisions) {
    List<Object[]> rows = new ArrayList<>();
    for (StoredDecision decision : decisions) {
      rows.add(
          new Object[] {
            epoch,
            decision.workload(),
            decision.workloadGeneration(),
            decision.policyVersion(),
            Timestamp.from(decision.decidedAt()),
            decision.outcome(),
            decision.summary(),
            decision.explanation(),
            decision.scaleBackPendingSince() == null
                ? null
                : Timestamp.from(decision.scaleBackPendingSince())
          });
    }
    batch.batchUpdate(
        """
        insert into placement_decisions (epoch, workload_uid, workload_generation, policy_version,
            decided_at, outcome, summary, explanation, scale_back_pending_since)
        values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
        on conflict (workload_uid) do update set
            epoch = excluded.epoch,
            workload_generation = excluded.workload_generation,
            policy_version = excluded.policy_version,
            decided_at = excluded.decided_at,
            outcome = excluded.outcome,
            summary = excluded.summary,
            explanation = excluded.explanation,
            scale_back_pending_since = excluded.scale_back_pending_since
        """,
        rows);
  }
}
