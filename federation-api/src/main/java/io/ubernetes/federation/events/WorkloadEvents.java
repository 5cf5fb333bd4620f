package io.ubernetes.federation.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workloads' events: what the scheduler and the rollout step did to each workload, recorded in
 * the transaction of the decision they describe (a decision never lands without its event, a pass
 * rolled back leaves none), read by the Kubernetes events API and deleted after their TTL. Every
 * write draws a version from the events' own sequence under one transaction lock, so that versions
 * become visible in the order they were drawn and a watch that has read version N has seen every
 * event below it.
 */
@Repository
public class WorkloadEvents {
  /** "ubevent" in ASCII: the transaction lock of event writes. */
  private static final long EVENT_LOCK = 0x7562_6576_656e_74L;

  private static final String COLUMNS =
      "uid, namespace, name, object_kind, object_namespace, object_name, object_uid, type, reason,"
          + " message, component, count, first_timestamp, last_timestamp, resource_version";

  private final JdbcClient jdbc;
  private final EventsProperties properties;

  WorkloadEvents(JdbcClient jdbc, EventsProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /**
   * Records these events in the caller's transaction. An event with the reason and message of one
   * recorded for the same workload within the correlation window bumps that one's count and last
   * timestamp instead. Takes the events' lock even with nothing to record, so that every pass takes
   * it at the same point among its other locks.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(List<WorkloadEvent> events, Instant now) {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(EVENT_LOCK).query(rs -> {});
    Timestamp at = Timestamp.from(now);
    Timestamp since = Timestamp.from(now.minus(properties.correlationWindow()));
    for (WorkloadEvent event : events) {
      int bumped =
          jdbc.sql(
                  """
                  update workload_events
                     set count = count + 1, last_timestamp = greatest(last_timestamp, ?),
                         resource_version = nextval('workload_event_version_seq')
                   where uid = (select uid from workload_events
                                 where object_uid = ? and reason = ? and message = ?
                                   and last_timestamp >= ?
                                 order by last_timestamp desc limit 1)
                  """)
              .params(at, event.uid(), event.reason(), event.message(), since)
              .update();
      if (bumped > 0) {
        continue;
      }
      jdbc.sql(
              """
              insert into workload_events (uid, namespace, name, object_kind, object_namespace,
                                           object_name, object_uid, type, reason, message,
                                           component, count, first_timestamp, last_timestamp,
                                           resource_version)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?,
                      nextval('workload_event_version_seq'))
              """)
          .params(
              UUID.randomUUID(),
              event.namespace().isEmpty() ? "default" : event.namespace(),
              event.name()
                  + "."
                  + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()),
              event.kind(),
              event.namespace(),
              event.name(),
              event.uid(),
              event.warning() ? "Warning" : "Normal",
              event.reason(),
              event.message(),
              event.component(),
              at,
              at)
          .update();
    }
  }

  /**
   * What a list asks for.
   *
   * @param namespace the events' namespace; null for every namespace
   * @param visible the workloads' namespaces the caller may read; null for all (events of
   *     cluster-scoped workloads are visible to every reader)
   * @param after the last event of the previous page ({@code namespace/name}); null for the first
   * @param limit at most this many; null or 0 for all
   */
  public record Query(
      String namespace,
      Set<String> visible,
      EventSelector selector,
      String[] after,
      Integer limit) {}

  /** A page of events, in namespace and name order, with the version of the newest event. */
  public record Page(List<EventRecord> items, long resourceVersion, boolean more) {}

  @Transactional(readOnly = true)
  public Page list(Query query) {
    // Before the page: a watch from it may send an event of the page again, never miss one.
    long newest = newest();
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from workload_events where true");
    List<Object> params = new ArrayList<>();
    where(query.namespace(), query.visible(), query.selector(), sql, params);
    if (query.after() != null) {
      sql.append(" and (namespace, name) > (?, ?)");
      params.add(query.after()[0]);
      params.add(query.after()[1]);
    }
    sql.append(" order by namespace, name");
    boolean limited = query.limit() != null && query.limit() > 0;
    if (limited) {
      sql.append(" limit ?");
      params.add(query.limit() + 1);
    }
    List<EventRecord> items =
        new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(WorkloadEvents::row).list());
    items.removeIf(event -> !query.selector().matches(event));
    boolean more = limited && items.size() > query.limit();
    if (more) {
      items = items.subList(0, query.limit());
    }
    return new Page(List.copyOf(items), newest, more);
  }

  /** One event by its namespace and name. */
  @Transactional(readOnly = true)
  public Optional<EventRecord> get(String namespace, String name) {
    return jdbc.sql("select " + COLUMNS + " from workload_events where namespace = ? and name = ?")
        .params(namespace, name)
        .query(WorkloadEvents::row)
        .optional();
  }

  /** Events written after a version, oldest first, as a list with the same query selects them. */
  @Transactional(readOnly = true)
  public List<EventRecord> after(long resourceVersion, Query query, int limit) {
    StringBuilder sql =
        new StringBuilder("select " + COLUMNS + " from workload_events where resource_version > ?");
    List<Object> params = new ArrayList<>(List.of(resourceVersion));
    where(query.namespace(), query.visible(), query.selector(), sql, params);
    sql.append(" order by resource_version limit ?");
    params.add(limit);
    List<EventRecord> items =
        new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(WorkloadEvents::row).list());
    items.removeIf(event -> !query.selector().matches(event));
    return items;
  }

  /**
   * The version of the newest event committed; 0 when there is none. Versions commit in order, so
   * every event at or below it is committed too.
   */
  @Transactional(readOnly = true)
  public long newest() {
    return jdbc.sql("select coalesce(max(resource_version), 0) from workload_events")
        .query(Long.class)
        .single();
  }

  /**
   * Deletes events last seen more than the TTL ago, and of each workload all but its newest ones.
   *
   * @return how many were deleted
   */
  @Transactional
  public int prune(Instant now) {
    int expired =
        jdbc.sql("delete from workload_events where last_timestamp < ?")
            .param(Timestamp.from(now.minus(properties.ttl())))
            .update();
    int beyondCap =
        jdbc.sql(
                """
                delete from workload_events where uid in (
                  select uid from (
                    select uid, row_number() over (partition by object_uid
                                                   order by last_timestamp desc,
                                                            resource_version desc) as newest
                      from workload_events) ranked
                   where newest > ?)
                """)
            .param(properties.maxPerWorkload())
            .update();
    return expired + beyondCap;
  }

  /** How long events are kept. */
  public Duration ttl() {
    return properties.ttl();
  }

  private static void where(
      String namespace,
      Set<String> visible,
      EventSelector selector,
      StringBuilder sql,
      List<Object> params) {
    if (namespace != null) {
      sql.append(" and namespace = ?");
      params.add(namespace);
    }
    if (visible != null) {
      sql.append(" and (object_namespace = '' or object_namespace = any (?))");
      params.add(visible.toArray(String[]::new));
    }
    // Equalities narrow the read through the indexes; every term is checked on the rows too.
    for (EventSelector.Term term : selector.terms()) {
      if (!term.equal() || term.column() == null) {
        continue;
      }
      if (term.column().equals("object_uid")) {
        try {
          params.add(UUID.fromString(term.value()));
          sql.append(" and object_uid = ?");
        } catch (IllegalArgumentException e) {
          // No workload has such a uid.
          sql.append(" and false");
        }
      } else {
        sql.append(" and ").append(term.column()).append(" = ?");
        params.add(term.value());
      }
    }
  }

  private static EventRecord row(ResultSet rs, int row) throws SQLException {
    return new EventRecord(
        rs.getObject("uid", UUID.class),
        rs.getString("namespace"),
        rs.getString("name"),
        rs.getString("object_kind"),
        rs.getString("object_namespace"),
        rs.getString("object_name"),
        rs.getObject("object_uid", UUID.class),
        rs.getString("type"),
        rs.getString("reason"),
        rs.getString("message"),
        rs.getString("component"),
        rs.getInt("count"),
        rs.getTimestamp("first_timestamp").toInstant(),
        rs.getTimestamp("last_timestamp").toInstant(),
        rs.getLong("resource_version"));
  }
}
