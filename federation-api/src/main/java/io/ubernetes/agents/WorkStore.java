package io.ubernetes.agents;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each cluster must run, workload by workload, and the removal instructions (tombstones) still
 * kept. Every change draws a revision from the global sequence under one transaction lock, so that
 * revisions become visible in the order they were drawn and a reader that has seen revision N has
 * seen everything before it.
 */
@Repository
class WorkStore {
  /** "ubwork" in ASCII: the transaction lock of work writes. */
  private static final long WORK_LOCK = 0x7562_776f_726bL;

  static final String CHANNEL = "ubernetes_work";

  private final JdbcClient jdbc;

  WorkStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
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
      boolean deleted) {}

  /** Serializes work writes until the transaction ends; call before any change. */
  void lock() {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(WORK_LOCK).query(rs -> {});
  }

  /** This workload's rows, by cluster. */
  Map<String, Row> of(UUID workload) {
    Map<String, Row> rows = new HashMap<>();
    jdbc.sql(select() + " where workload_uid = ?")
        .param(workload)
        .query(this::row)
        .list()
        .forEach(row -> rows.put(row.cluster(), row));
    return rows;
  }

  /** A cluster's rows changed after {@code revision}, in revision order. */
  List<Row> since(String cluster, long revision) {
    return jdbc.sql(select() + " where cluster = ? and revision > ? order by revision")
        .params(cluster, revision)
        .query(this::row)
        .list();
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

  void put(
      String cluster,
      UUID workload,
      String namespace,
      String name,
      long generation,
      String manifests,
      String error,
      Instant now) {
    jdbc.sql(
            """
            insert into cluster_work (cluster, workload_uid, namespace, name, generation, revision,
                                      manifests, error, deleted, updated_at)
            values (?, ?, ?, ?, ?, nextval('resource_version_seq'), cast(? as jsonb), ?, false, ?)
            on conflict (cluster, workload_uid) do update set
                namespace = excluded.namespace, name = excluded.name,
                generation = excluded.generation, revision = excluded.revision,
                manifests = excluded.manifests, error = excluded.error, deleted = false,
                updated_at = excluded.updated_at
            """)
        .params(
            cluster, workload, namespace, name, generation, manifests, error, Timestamp.from(now))
        .update();
    notify(cluster);
  }

  /** Turns a cluster's work for a workload into a removal instruction. */
  void tombstone(String cluster, UUID workload, Instant now) {
    jdbc.sql(
            """
            update cluster_work set deleted = true, revision = nextval('resource_version_seq'),
                   updated_at = ?
            where cluster = ? and workload_uid = ? and not deleted
            """)
        .params(Timestamp.from(now), cluster, workload)
        .update();
    notify(cluster);
  }

  /** Forgets a cluster's work and reports altogether: the cluster itself was removed. */
  void forget(String cluster) {
    jdbc.sql("delete from cluster_work where cluster = ?").param(cluster).update();
    jdbc.sql("delete from agent_reports where cluster = ?").param(cluster).update();
  }

  /**
   * Drops removal instructions older than {@code before} that the cluster's agent has stored (its
   * heartbeat's work revision is past them). An agent that has not is never left with an orphan:
   * its instructions wait for it as long as its cluster is a member.
   */
  int purgeTombstones(Instant before) {
    return jdbc.sql(
            """
            delete from cluster_work w
            using resources c
            where w.deleted and w.updated_at < ?
              and c.kind = 'MemberCluster' and c.namespace = '' and c.name = w.cluster
              and w.revision <= (c.status ->> 'workRevision')::bigint
            """)
        .param(Timestamp.from(before))
        .update();
  }

  /** Wakes the requests waiting for this cluster's work, on every replica, at commit. */
  private void notify(String cluster) {
    jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, cluster).query(rs -> {});
  }

  private static String select() {
    return "select cluster, workload_uid, namespace, name, generation, revision, manifests::text,"
        + " error, deleted from cluster_work";
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
        rs.getBoolean(9));
  }
}
