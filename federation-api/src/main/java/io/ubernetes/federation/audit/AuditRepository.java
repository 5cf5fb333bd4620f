package io.ubernetes.federation.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit_events table: inserts and filtered, id-ordered pages; rows never change. */
@Repository
class AuditRepository {
  private final JdbcClient jdbc;

  AuditRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  private static final String INSERT =
      "insert into audit_events (at, subject, token_id, verb, resource, namespace, name,"
          + " rv_before, rv_after, source, status, outcome, detail)";

  /** The index of rv_after in {@link #INSERT}'s columns. */
  private static final int RV_AFTER = 8;

  void insert(AuditEvent event) {
    jdbc.sql(INSERT + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(columns(event))
        .update();
  }

  /** Inserts {@code events} with one statement. */
  void insertAll(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    String row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    List<Object> values = new ArrayList<>(events.size() * 13);
    events.forEach(event -> values.addAll(columns(event)));
    jdbc.sql(INSERT + " values " + String.join(", ", Collections.nCopies(events.size(), row)))
        .params(values)
        .update();
  }

  /**
   * Runs {@code change}, an INSERT or UPDATE that returns at most one row with a {@code
   * resource_version} column, and inserts {@code event} (if any) with that resourceVersion after
   * it, in the same statement: the change and its audit row take one round trip to the database.
   * Returns the resourceVersion, or null when the change returned no row (nor was recorded).
   */
  Long change(String change, List<Object> parameters, AuditEvent event) {
    if (event == null) {
      return jdbc.sql(change).params(parameters).query(Long.class).optional().orElse(null);
    }
    List<Object> audited = new ArrayList<>(columns(event));
    audited.remove(RV_AFTER);
    List<Object> all = new ArrayList<>(parameters);
    all.addAll(audited);
    return jdbc.sql(
            "with changed as ("
                + change
                + "), audited as ("
                + INSERT
                + " select ?, ?, ?, ?, ?, ?, ?, ?, resource_version::text, ?, ?, ?, ?"
                + " from changed)"
                + " select resource_version from changed")
        .params(all)
        .query(Long.class)
        .optional()
        .orElse(null);
  }

  /** The values of {@link #INSERT}'s columns, in order. */
  private static List<Object> columns(AuditEvent event) {
    return Arrays.asList(
        Timestamp.from(event.at()),
        event.subject(),
        event.tokenId(),
        event.verb(),
        event.resource(),
        event.namespace(),
        event.name(),
        event.resourceVersionBefore(),
        event.resourceVersionAfter(),
        event.source(),
        event.status(),
        event.outcome(),
        event.detail());
  }

  /** Filters; null fields do not filter. */
  record Query(
      String subject,
      String resource,
      String namespace,
      String name,
      String verb,
      String outcome,
      Instant since,
      long afterId,
      int limit) {}

  List<AuditEvent> page(Query query) {
    StringBuilder sql =
        new StringBuilder(
            "select id, at, subject, token_id, verb, resource, namespace, name, rv_before,"
                + " rv_after, source, status, outcome, detail from audit_events where id > ?");
    List<Object> parameters = new ArrayList<>();
    parameters.add(query.afterId());
    equal(sql, parameters, "subject", query.subject());
    equal(sql, parameters, "resource", query.resource());
    equal(sql, parameters, "namespace", query.namespace());
    equal(sql, parameters, "name", query.name());
    equal(sql, parameters, "verb", query.verb());
    equal(sql, parameters, "outcome", query.outcome());
    if (query.since() != null) {
      sql.append(" and at >= ?");
      parameters.add(Timestamp.from(query.since()));
    }
    sql.append(" order by id limit ?");
    parameters.add(query.limit());
    return jdbc.sql(sql.toString())
        .params(parameters)
        .query(
            (rs, row) ->
                new AuditEvent(
                    rs.getLong(1),
                    rs.getTimestamp(2).toInstant(),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getString(10),
                    rs.getString(11),
                    rs.getInt(12),
                    rs.getString(13),
                    rs.getString(14)))
        .list();
  }

  private static void equal(StringBuilder sql, List<Object> parameters, String column, String v) {
    if (v != null && !v.isBlank()) {
      sql.append(" and ").append(column).append(" = ?");
      parameters.add(v);
    }
  }
}
