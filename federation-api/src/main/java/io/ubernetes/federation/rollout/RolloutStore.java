package io.ubernetes.federation.rollout;

import io.ubernetes.federation.workload.RolloutStrategySpec;
import io.ubernetes.placement.rollout.ClusterRollout;
import io.ubernetes.placement.rollout.Phase;
import io.ubernetes.placement.rollout.RolloutState;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rollout of each workload (table {@code workload_rollouts}: the machine's whole state and the
 * strategy the rollout started with) and the revision each of its clusters is assigned (table
 * {@code rollout_clusters}, a copy of the state's clusters that work rendering reads without the
 * rest). Reads and writes are one statement per batch, however many workloads.
 */
@Repository
public class RolloutStore implements RevisionsInUse {
  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final JsonMapper json;

  RolloutStore(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
  }

  /**
   * One workload's rollout as stored.
   *
   * @param strategy the strategy the rollout started with; null for every cluster at once
   * @param stages the clusters of each stage at the last pass, in the order of the stages
   */
  record Stored(
      UUID workload, RolloutStrategySpec strategy, RolloutState state, List<StageClusters> stages) {
    Stored {
      stages = stages == null ? List.of() : List.copyOf(stages);
    }
  }

  /** The clusters of one stage, in the order they update. */
  record StageClusters(String name, List<String> clusters) {
    StageClusters {
      // The service's JSON leaves empty lists out.
      clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }
  }

  /** What the {@code state} column holds. */
  private record Document(
      RolloutStrategySpec strategy, RolloutState state, List<StageClusters> stages) {}

  /**
   * The revisions a workload's clusters are assigned, and the stable revision for a cluster that
   * has none yet.
   *
   * @param clusters the assigned revision by cluster
   * @param stable the workload's stable revision; null when it has none
   */
  public record Assignments(Map<String, Integer> clusters, Integer stable) {
    public Assignments {
      clusters = Map.copyOf(clusters);
    }
  }

  /**
   * The workloads whose rollout is in progress (neither complete nor aborted), and those with a
   * revision newer than their rollout's target: a revision made without a spec change (an override
   * policy or a shared ConfigMap changed), which changes no generation for the scheduler to notice,
   * is rolled out from here. One statement; the rollouts in progress are found on their partial
   * index, the others by the revisions' primary key.
   */
  Set<UUID> active() {
    return new HashSet<>(
        jdbc.sql(
                """
                select workload_uid from workload_rollouts
                where phase not in ('COMPLETE', 'ABORTED')
                union
                select o.workload_uid from workload_rollouts o
                where exists (select 1 from workload_revisions r
                              where r.workload_uid = o.workload_uid
                                and r.revision > o.target_revision)
                """)
            .query(UUID.class)
            .list());
  }

  /** These workloads' rollouts, by workload; a workload without one is left out. */
  Map<UUID, Stored> load(Collection<UUID> workloads) {
    Map<UUID, Stored> stored = new HashMap<>();
    if (workloads.isEmpty()) {
      return stored;
    }
    jdbc.sql("select workload_uid, state::text from workload_rollouts where workload_uid = any(?)")
        .param(workloads.toArray(UUID[]::new))
        .query(
            rs -> {
              UUID uid = rs.getObject(1, UUID.class);
              Document document = json.readValue(rs.getString(2), Document.class);
              stored.put(
                  uid, new Stored(uid, document.strategy(), document.state(), document.stages()));
            });
    return stored;
  }

  /**
   * Writes rollouts and their clusters' assignments, in one batch each. The callers hold the
   * workloads' locks.
   */
  void save(List<Stored> rollouts, Instant now) {
    if (rollouts.isEmpty()) {
      return;
    }
    Timestamp at = Timestamp.from(now);
    List<Object[]> rows = new ArrayList<>();
    List<Object[]> clusters = new ArrayList<>();
    for (Stored rollout : rollouts) {
      RolloutState state = rollout.state();
      rows.add(
          new Object[] {
            rollout.workload(),
            state.target(),
            state.stable(),
            state.phase().name(),
            json.writeValueAsString(new Document(rollout.strategy(), state, rollout.stages())),
            at
          });
      state
          .clusters()
          .forEach(
              (cluster, update) -> {
                if (update.assigned() != null) {
                  clusters.add(
                      new Object[] {
                        rollout.workload(),
                        cluster,
                        update.assigned(),
                        update.state().name(),
                        Timestamp.from(update.since()),
                        update.reason()
                      });
                }
              });
    }
    batch.batchUpdate(
        """
        insert into workload_rollouts (workload_uid, target_revision, stable_revision, phase,
                                       state, updated_at)
        values (?, ?, ?, ?, cast(? as jsonb), ?)
        on conflict (workload_uid) do update set
            target_revision = excluded.target_revision, stable_revision = excluded.stable_revision,
            phase = excluded.phase, state = excluded.state, updated_at = excluded.updated_at
        """,
        rows);
    jdbc.sql("delete from rollout_clusters where workload_uid = any(?)")
        .param(rollouts.stream().map(Stored::workload).toArray(UUID[]::new))
        .update();
    batch.batchUpdate(
        """
        insert into rollout_clusters (workload_uid, cluster, assigned_revision, state, since,
                                      reason)
        values (?, ?, ?, ?, ?, ?)
        """,
        clusters);
  }

  /** The assignments of these workloads that have a rollout, by workload, in one statement. */
  public Map<UUID, Assignments> assignments(Collection<UUID> workloads) {
    Map<UUID, Assignments> assignments = new HashMap<>();
    if (workloads.isEmpty()) {
      return assignments;
    }
    Map<UUID, Integer> stable = new HashMap<>();
    Map<UUID, Map<String, Integer>> clusters = new HashMap<>();
    jdbc.sql(
            """
            select o.workload_uid, o.stable_revision, c.cluster, c.assigned_revision
            from workload_rollouts o
            left join rollout_clusters c on c.workload_uid = o.workload_uid
            where o.workload_uid = any(?)
            """)
        .param(workloads.toArray(UUID[]::new))
        .query(
            rs -> {
              UUID uid = rs.getObject(1, UUID.class);
              stable.put(uid, rs.getObject(2, Integer.class));
              Map<String, Integer> mine = clusters.computeIfAbsent(uid, u -> new TreeMap<>());
              if (rs.getString(3) != null) {
                mine.put(rs.getString(3), rs.getInt(4));
              }
            });
    clusters.forEach(
        (uid, assigned) -> assignments.put(uid, new Assignments(assigned, stable.get(uid))));
    return assignments;
  }

  /** The stable and target revisions and every revision a cluster is assigned. */
  @Override
  public Set<Integer> inUse(UUID workload) {
    Set<Integer> used = new HashSet<>();
    Stored stored = load(List.of(workload)).get(workload);
    if (stored == null) {
      return used;
    }
    RolloutState state = stored.state();
    used.add(state.target());
    if (state.stable() != null) {
      used.add(state.stable());
    }
    if (state.rolledBackFrom() != null && state.phase() == Phase.ROLLING_BACK) {
      used.add(state.rolledBackFrom());
    }
    for (ClusterRollout cluster : state.clusters().values()) {
      if (cluster.assigned() != null) {
        used.add(cluster.assigned());
      }
    }
    return used;
  }
}
