package io.ubernetes.federation.agents;

import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.WorkloadReports;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each cluster must run, workload by workload, and the removal instructions (tombstones) still
 * kept. Every change draws a revision from the global sequence under one transaction lock, so that
 * revisions become visible in the order they were drawn and a reader that has seen revision N has
 * seen everything before it.
 */
@Repository
public class WorkStore {
  /** "ubwork" in ASCII: the transaction lock of work writes. */
  private static final long WORK_LOCK = 0x7562_776f_726bL;

  static final String CHANNEL = "ubernetes_work";

  private final JdbcClient jdbc;
  private final WorkloadReports reports;
  private final ResourceReader reader;
  private final MemberClusterStrategy memberClusters;

  WorkStore(
      JdbcClient jdbc,
      WorkloadReports reports,
      ResourceReader reader,
      MemberClusterStrategy memberClusters) {
    this.jdbc = jdbc;
    this.reports = reports;
    this.reader = reader;
    this.memberClusters = memberClusters;
  }

  /** One cluster's work for one workload. */
  record Row(
      String cluster,
      UUID workload,
      String namespace,
      String name,
      long generation,
      long revision,
      String manifests,
      String error,
      boolean deleted,
      Integer workloadRevision,
      boolean replicasOwnedByMember,
      String feedback) {}

  /** Serializes work writes until the transaction ends; call before any change. */
  void lock() {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(WORK_LOCK).query(rs -> {});
  }

  /** This workload's rows, by cluster. */
  Map<String, Row> of(UUID workload) {
    return of(List.of(workload)).getOrDefault(workload, Map.of());
  }

  /** These workloads' rows, by workload and cluster, in one statement. */
  Map<UUID, Map<String, Row>> of(Collection<UUID> workloads) {
    Map<UUID, Map<String, Row>> rows = new HashMap<>();
    if (workloads.isEmpty()) {
      return rows;
    }
    jdbc.sql(select() + " where workload_uid = any(?)")
        .param(workloads.toArray(UUID[]::new))
        .query(this::row)
        .list()
        .forEach(
            row ->
                rows.computeIfAbsent(row.workload(), w -> new HashMap<>()).put(row.cluster(), row));
    return rows;
  }

  /** The work of these workloads that is not a removal instruction, in one statement. */
  List<Row> live(Collection<UUID> workloads) {
    if (workloads.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(select() + " where workload_uid = any(?) and not deleted")
        .param(workloads.toArray(UUID[]::new))
        .query(this::row)
        .list();
  }

  /** All work that is not a removal instruction, in one statement: rare, fleet-wide changes. */
  List<Row> live() {
    return jdbc.sql(select() + " where not deleted").query(this::row).list();
  }

  /** Of these workloads, those whose work this cluster has (not a removal instruction). */
  Set<UUID> assigned(String cluster, Collection<UUID> workloads) {
    if (workloads.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.sql(
                """
                select workload_uid from cluster_work
                where cluster = ? and workload_uid = any(?) and not deleted
                """)
            .params(cluster, workloads.toArray(UUID[]::new))
            .query(UUID.class)
            .list());
  }

  /** A cluster that has a workload's work (not a removal instruction), with the workload's name. */
  public record Assignment(String cluster, UUID workload, String namespace, String name) {}

  /**
   * The clusters that have the work (not a removal instruction) of the workloads with these names,
   * by namespace, in one statement.
   */
  public List<Assignment> assignments(Map<String, Set<String>> workloadsByNamespace) {
    List<String> namespaces = new ArrayList<>();
    List<String> names = new ArrayList<>();
    workloadsByNamespace.forEach(
        (namespace, inIt) ->
            inIt.forEach(
                name -> {
                  namespaces.add(namespace);
                  names.add(name);
                }));
    if (names.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select w.cluster, w.workload_uid, w.namespace, w.name
            from cluster_work w
            join unnest(?::text[], ?::text[]) k(namespace, name)
                 on k.namespace = w.namespace and k.name = w.name
            where not w.deleted
            """)
        .params(namespaces.toArray(String[]::new), names.toArray(String[]::new))
        .query(
            (rs, row) ->
                new Assignment(
                    rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)))
        .list();
  }

  /** Which cluster's changes after which revision a read asks for. */
  record Since(String cluster, long revision) {}

  /**
   * Several clusters' rows changed after their revisions, in one statement: the rows of the i-th
   * read are at index i, each list in revision order.
   */
  List<List<Row>> since(List<Since> reads) {
    List<List<Row>> rows = new ArrayList<>(reads.size());
    reads.forEach(read -> rows.add(new ArrayList<>()));
    jdbc.sql(
            """
            select w.cluster, w.workload_uid, w.namespace, w.name, w.generation, w.revision,
                   w.manifests::text, w.error, w.deleted, w.workload_revision,
                   w.replicas_owned_by_member, w.feedback::text, r.i
            from unnest(cast(? as text[]), cast(? as bigint[])) with ordinality
                 as r (cluster, since, i)
            join cluster_work w on w.cluster = r.cluster and w.revision > r.since
            order by r.i, w.revision
            """)
        .params(
            reads.stream().map(Since::cluster).toArray(String[]::new),
            reads.stream().map(Since::revision).toArray(Long[]::new))
        .query((RowCallbackHandler) rs -> rows.get(rs.getInt(13) - 1).add(row(rs, 0)));
    return rows;
  }

  /**
   * A revision below every revision work will get from now on: taken under the work lock, so no
   * work change is half-done with a lower one. Call in a transaction.
   */
  long horizon() {
    lock();
    return jdbc.sql("select coalesce(pg_sequence_last_value('resource_version_seq'), 0)")
        .query(Long.class)
        .single();
  }

  /**
   * What a cluster is to run of a workload.
   *
   * @param workloadRevision the workload revision the manifests were rendered from; null for work
   *     rendered without one
   * @param replicasOwnedByMember whether an autoscaler in the cluster owns the replicas of the
   *     workload's object: the manifests' replicas are its starting count only
   * @param feedback the status fields of the objects to report back: a JSON array of the agent
   *     protocol's feedback rules
   */
  record Put(
      String cluster,
      UUID workload,
      String namespace,
      String name,
      long generation,
      String manifests,
      String error,
      Integer workloadRevision,
      boolean replicasOwnedByMember,
      String feedback) {}

  /** Which cluster is to remove a workload. */
  record Removal(String cluster, UUID workload) {}

  /**
   * Writes clusters' work, each row with a new revision, in one statement however many clusters
   * there are (a Duplicated workload's rows for a thousand clusters go in one round trip and one
   * plan), and wakes the clusters' waiting requests at commit. Of two puts for the same cluster and
   * workload, the later one counts.
   */
  void put(List<Put> puts, Instant now) {
    if (puts.isEmpty()) {
      return;
    }
    Map<List<Object>, Put> latest = new LinkedHashMap<>();
    puts.forEach(put -> latest.put(List.of(put.cluster(), put.workload()), put));
    int size = latest.size();
    String[] clusters = new String[size];
    UUID[] workloads = new UUID[size];
    String[] namespaces = new String[size];
    String[] names = new String[size];
    Long[] generations = new Long[size];
    String[] manifests = new String[size];
    String[] errors = new String[size];
    Integer[] workloadRevisions = new Integer[size];
    Boolean[] memberReplicas = new Boolean[size];
    String[] feedback = new String[size];
    int i = 0;
    for (Put put : latest.values()) {
      clusters[i] = put.cluster();
      workloads[i] = put.workload();
      namespaces[i] = put.namespace();
      names[i] = put.name();
      generations[i] = put.generation();
      manifests[i] = put.manifests();
      errors[i] = put.error();
      workloadRevisions[i] = put.workloadRevision();
      memberReplicas[i] = put.replicasOwnedByMember();
      feedback[i] = put.feedback();
      i++;
    }
    jdbc.sql(
            """
            insert into cluster_work (cluster, workload_uid, namespace, name, generation, revision,
                                      manifests, error, workload_revision, replicas_owned_by_member,
                                      feedback, deleted, updated_at)
            select p.cluster, p.workload_uid, p.namespace, p.name, p.generation,
                   nextval('resource_version_seq'), cast(p.manifests as jsonb), p.error,
                   p.workload_revision, p.replicas_owned_by_member, cast(p.feedback as jsonb),
                   false, cast(? as timestamptz)
            from unnest(cast(? as text[]), cast(? as uuid[]), cast(? as text[]),
                        cast(? as text[]), cast(? as bigint[]), cast(? as text[]),
                        cast(? as text[]), cast(? as int[]), cast(? as boolean[]),
                        cast(? as text[]))
                 as p (cluster, workload_uid, namespace, name, generation, manifests, error,
                       workload_revision, replicas_owned_by_member, feedback)
            on conflict (cluster, workload_uid) do update set
                namespace = excluded.namespace, name = excluded.name,
                generation = excluded.generation, revision = excluded.revision,
                manifests = excluded.manifests, error = excluded.error,
                workload_revision = excluded.workload_revision,
                replicas_owned_by_member = excluded.replicas_owned_by_member,
                feedback = excluded.feedback, deleted = false,
                updated_at = excluded.updated_at
            """)
        .params(
            Timestamp.from(now),
            clusters,
            workloads,
            namespaces,
            names,
            generations,
            manifests,
            errors,
            workloadRevisions,
            memberReplicas,
            feedback)
        .update();
    notify(Arrays.asList(clusters));
  }

  /**
   * Turns clusters' work for workloads into removal instructions, and forgets what the clusters
   * reported about them: that was about work they no longer have.
   */
  void tombstone(List<Removal> removals, Instant now) {
    if (removals.isEmpty()) {
      return;
    }
    List<WorkloadReports.ClusterWorkload> reported = new ArrayList<>();
    for (Removal removal : removals) {
      reported.add(new WorkloadReports.ClusterWorkload(removal.cluster(), removal.workload()));
    }
    jdbc.sql(
            """
            update cluster_work w set deleted = true, revision = nextval('resource_version_seq'),
                   updated_at = ?
            from unnest(cast(? as text[]), cast(? as uuid[])) as r (cluster, workload_uid)
            where w.cluster = r.cluster and w.workload_uid = r.workload_uid and not w.deleted
            """)
        .params(
            Timestamp.from(now),
            removals.stream().map(Removal::cluster).toArray(String[]::new),
            removals.stream().map(Removal::workload).toArray(UUID[]::new))
        .update();
    reports.forget(reported);
    notify(removals.stream().map(Removal::cluster).toList());
  }

  /** Turns every cluster's work for a workload (or a quota) into removal instructions. */
  void tombstoneAll(UUID workload, Instant now) {
    List<Removal> removals = new ArrayList<>();
    for (Row row : of(workload).values()) {
      if (!row.deleted()) {
        removals.add(new Removal(row.cluster(), workload));
      }
    }
    tombstone(removals, now);
  }

  /** Forgets a cluster's work and reports altogether: the cluster itself was removed. */
  void forget(String cluster) {
    jdbc.sql("delete from cluster_work where cluster = ?").param(cluster).update();
    reports.forget(cluster);
  }

  /**
   * Drops removal instructions older than {@code before} that the cluster's agent has stored (its
   * heartbeat's work revision is past them). An agent that has not is never left with an orphan:
   * its instructions wait for it as long as its cluster is a member.
   */
  int purgeTombstones(Instant before) {
    List<String> clusters =
        jdbc.sql("select distinct cluster from cluster_work where deleted and updated_at < ?")
            .param(Timestamp.from(before))
            .query(String.class)
            .list();
    Map<String, Long> stored = new HashMap<>();
    reader
        .getNamed(memberClusters, null, clusters)
        .forEach(
            (name, cluster) -> {
              if (cluster.status() != null && cluster.status().workRevision() != null) {
                stored.put(name, cluster.status().workRevision());
              }
            });
    if (stored.isEmpty()) {
      return 0;
    }
    return jdbc.sql(
            """
            delete from cluster_work w
            using unnest(cast(? as text[]), cast(? as bigint[])) as c (cluster, revision)
            where w.deleted and w.updated_at < ? and c.cluster = w.cluster
              and w.revision <= c.revision
            """)
        .params(
            stored.keySet().toArray(String[]::new),
            stored.values().toArray(Long[]::new),
            Timestamp.from(before))
        .update();
  }

  /** Wakes the requests waiting for these clusters' work, on every replica, at commit. */
  private void notify(Collection<String> clusters) {
    jdbc.sql("select pg_notify(?, cluster) from unnest(?) cluster")
        .params(CHANNEL, new TreeSet<>(clusters).toArray(String[]::new))
        .query(rs -> {});
  }

  private static String select() {
    return "select cluster, workload_uid, namespace, name, generation, revision, manifests::text,"
        + " error, deleted, workload_revision, replicas_owned_by_member, feedback::text"
        + " from cluster_work";
  }

  private Row row(java.sql.ResultSet rs, int index) throws java.sql.SQLException {
    return new Row(
        rs.getString(1),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getString(7),
        rs.getString(8),
        rs.getBoolean(9),
        rs.getObject(10, Integer.class),
        rs.getBoolean(11),
        rs.getString(12));
  }
}
