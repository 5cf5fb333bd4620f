package io.ubernetes.federation.resource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code resource_events} table, the event log watches are served from: the one class that
 * reads it and prunes it. A trigger on {@code resources} writes it, in the transaction of each
 * change (V13).
 */
@Repository
class ResourceEvents {
  private static final String COLUMNS =
      "e.resource_version, e.type, e.uid, e.kind, e.namespace, e.name, e.labels::text,"
          + " e.old_labels::text, e.annotations::text, e.spec::text, e.status::text,"
          + " e.managed_fields::text, e.generation, e.created_at";

  private final JdbcTemplate jdbc;

  ResourceEvents(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Events after a resourceVersion and the snapshot they were read in, from one statement. */
  record Read(TransactionSnapshot snapshot, List<StoredEvent> events) {}

  /**
   * Up to {@code limit} events after {@code resourceVersion}, in order, read in the same statement
   * as the snapshot that tells which transactions were still in progress.
   */
  Read after(long resourceVersion, int limit) {
    List<StoredEvent> events = new ArrayList<>();
    String[] snapshot = new String[1];
    jdbc.query(
        "select s.snapshot, "
            + COLUMNS
            + " from (select pg_current_snapshot()::text as snapshot) s"
            + " left join lateral (select * from resource_events"
            + " where resource_version > ? order by resource_version limit ?) e on true",
        rs -> {
          snapshot[0] = rs.getString(1);
          if (rs.getObject(2) != null) {
            events.add(event(rs, 2));
          }
        },
        resourceVersion,
        limit);
    return new Read(TransactionSnapshot.parse(snapshot[0]), events);
  }

  /** The snapshot a statement sees now. */
  TransactionSnapshot snapshot() {
    return TransactionSnapshot.parse(
        jdbc.queryForObject("select pg_current_snapshot()::text", String.class));
  }

  /** The newest event's resourceVersion, 0 if there is none. */
  long newest() {
    return jdbc.queryForObject(
        "select coalesce(max(resource_version), 0) from resource_events", Long.class);
  }

  /**
   * The events of a kind after {@code after} up to and including {@code upTo}, in order: what a
   * watch resumed from {@code after} missed.
   */
  List<StoredEvent> between(String kind, long after, long upTo) {
    return jdbc.query(
        "select "
            + COLUMNS
            + " from resource_events e where e.kind = ? and e.resource_version > ?"
            + " and e.resource_version <= ? order by e.resource_version",
        (rs, row) -> event(rs, 1),
        kind,
        after,
        upTo);
  }

  /**
   * The resourceVersion from which on the log is complete: a watch may resume from it or a later
   * one. Null when the log is empty, when it is complete from wherever the reader stands.
   */
  Long completeFrom() {
    Long oldest =
        jdbc.queryForObject("select min(resource_version) from resource_events", Long.class);
    return oldest == null ? null : oldest - 1;
  }

  /**
   * Forgets the events recorded before the history window, but for the newest one, which keeps the
   * log's start where it is when nothing changes for longer than the window.
   *
   * @return how many were forgotten
   */
  int prune(Duration window) {
    return jdbc.update(
        "delete from resource_events where recorded_at < now() - make_interval(secs => ?)"
            + " and resource_version < (select max(resource_version) from resource_events)",
        window.toMillis() / 1000.0);
  }

  private static StoredEvent event(ResultSet rs, int first) throws SQLException {
    int at = first;
    long resourceVersion = rs.getLong(at);
    String type = rs.getString(at + 1);
    UUID uid = rs.getObject(at + 2, UUID.class);
    ResourceEntity object =
        ResourceEntity.stored(
            uid,
            rs.getString(at + 3),
            rs.getString(at + 4),
            rs.getString(at + 5),
            rs.getString(at + 6),
            rs.getString(at + 8),
            rs.getString(at + 9),
            rs.getString(at + 10),
            rs.getString(at + 11),
            rs.getLong(at + 12),
            resourceVersion,
            rs.getTimestamp(at + 13).toInstant());
    return new StoredEvent(resourceVersion, type, object, rs.getString(at + 7));
  }
}
