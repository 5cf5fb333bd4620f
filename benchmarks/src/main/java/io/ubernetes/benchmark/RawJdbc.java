package io.ubernetes.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ceiling: single-row inserts and primary-key reads straight over JDBC, one autocommitted
 * statement per operation, into a table shaped and indexed like the service's own, on the same
 * PostgreSQL. The API's figures are read against these.
 */
final class RawJdbc implements AutoCloseable {
  private final Connection[] connections;
  private final PreparedStatement[] inserts;
  private final PreparedStatement[] selects;
  private final PreparedStatement[] pages;

  RawJdbc(String url, String user, String password, int threads) throws SQLException {
    connections = new Connection[threads];
    inserts = new PreparedStatement[threads];
    selects = new PreparedStatement[threads];
    pages = new PreparedStatement[threads];
    for (int i = 0; i < threads; i++) {
      connections[i] = DriverManager.getConnection(url, user, password);
      connections[i].setAutoCommit(true);
    }
    try (Statement ddl = connections[0].createStatement()) {
      ddl.execute("drop table if exists raw_resources");
      ddl.execute("create table raw_resources (like resources including all)");
    }
    for (int i = 0; i < threads; i++) {
      inserts[i] =
          connections[i].prepareStatement(
              "insert into raw_resources (uid, kind, namespace, name, labels, annotations, spec,"
                  + " status, generation, resource_version, created_at) values (?, 'FederatedWorkload',"
                  + " 'raw', ?, cast(? as jsonb), '{}', cast(? as jsonb), '{}', 1,"
                  + " nextval('resource_version_seq'), now())");
      selects[i] =
          connections[i].prepareStatement(
              "select * from raw_resources where kind = 'FederatedWorkload' and namespace = 'raw'"
                  + " and name = ?");
      pages[i] =
          connections[i].prepareStatement(
              "select * from raw_resources where kind = 'FederatedWorkload' and namespace = 'raw'"
                  + " order by name limit ?");
    }
  }

  /** Single-row inserts, each its own autocommitted statement, from {@code threads} connections. */
  Measurement inserts(String name, int threads, Duration duration, String labels, String spec)
      throws Exception {
    return LoadRun.run(
        name,
        threads,
        duration,
        (worker, sequence) -> {
          PreparedStatement insert = inserts[worker];
          insert.setObject(1, UUID.randomUUID());
          insert.setString(2, name(worker, sequence) + "-" + threads);
          insert.setString(3, labels);
          insert.setString(4, spec);
          return insert.executeUpdate() == 1;
        });
  }

  /** Reads rows by name, at random among those the inserts wrote. */
  Measurement selects(Duration duration) throws Exception {
    List<String> names = new ArrayList<>();
    try (Statement query = connections[0].createStatement();
        ResultSet rows = query.executeQuery("select name from raw_resources")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return LoadRun.run(
        "raw JDBC select by name",
        selects.length,
        duration,
        (worker, sequence) -> {
          PreparedStatement select = selects[worker];
          select.setString(1, names.get(ThreadLocalRandom.current().nextInt(names.size())));
          try (ResultSet row = select.executeQuery()) {
            return row.next();
          }
        });
  }

  /** Reads the first {@code size} rows in name order, as a list's first page does. */
  Measurement pages(String name, int size, Duration duration) throws Exception {
    return LoadRun.run(
        name,
        pages.length,
        duration,
        (worker, sequence) -> {
          PreparedStatement page = pages[worker];
          page.setInt(1, size);
          int rows = 0;
          try (ResultSet row = page.executeQuery()) {
            while (row.next()) {
              row.getString("spec");
              rows++;
            }
          }
          return rows == size;
        });
  }

  static String name(int worker, long sequence) {
    return "w" + worker + "-" + sequence;
  }

  @Override
  public void close() throws SQLException {
    try (Statement ddl = connections[0].createStatement()) {
      ddl.execute("drop table if exists raw_resources");
    }
    for (Connection connection : connections) {
      connection.close();
    }
  }
}
