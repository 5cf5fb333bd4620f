package io.ubernetes.federation.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The join_tokens table: metadata and hashes of the join tokens admins issue, never a secret. */
@Repository
class JoinTokenRepository {
  private static final String COLUMNS =
      "id, cluster, created_at, created_by, expires_at, used_at, used_by_cluster, revoked_at,"
          + " hash, used_by_request";

  /** A stored token with its hash and the request id of the agent that spent it. */
  record Stored(JoinToken token, String hash, String usedByRequest) {}

  private final JdbcClient jdbc;

  JoinTokenRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(JoinToken token, String hash) {
    jdbc.sql(
            "insert into join_tokens (id, cluster, hash, created_at, created_by, expires_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            Arrays.asList(
                token.id(),
                token.cluster(),
                hash,
                Timestamp.from(token.createdAt()),
                token.createdBy(),
                Timestamp.from(token.expiresAt())))
        .update();
  }

  /**
   * The token, its row locked until the transaction ends: two joins presenting it take turns, and
   * the second sees what the first spent.
   */
  Optional<Stored> lock(String id) {
    return jdbc.sql("select " + COLUMNS + " from join_tokens where id = ? for update")
        .param(id)
        .query((rs, row) -> stored(rs))
        .optional();
  }

  Optional<JoinToken> load(String id) {
    return jdbc.sql("select " + COLUMNS + " from join_tokens where id = ?")
        .param(id)
        .query((rs, row) -> stored(rs).token())
        .optional();
  }

  List<JoinToken> list() {
    return jdbc.sql("select " + COLUMNS + " from join_tokens order by created_at, id")
        .query((rs, row) -> stored(rs).token())
        .list();
  }

  /** Marks the token spent by this join; false when another join spent it first. */
  boolean spend(String id, String cluster, String requestId, Instant now) {
    return jdbc.sql(
                "update join_tokens set used_at = ?, used_by_cluster = ?, used_by_request = ?"
                    + " where id = ? and used_at is null")
            .params(Timestamp.from(now), cluster, requestId, id)
            .update()
        == 1;
  }

  void revoke(String id, Instant now) {
    jdbc.sql("update join_tokens set revoked_at = ? where id = ? and revoked_at is null")
        .params(Timestamp.from(now), id)
        .update();
  }

  private static Stored stored(ResultSet rs) throws SQLException {
    return new Stored(
        new JoinToken(
            rs.getString(1),
            rs.getString(2),
            instant(rs.getTimestamp(3)),
            rs.getString(4),
            instant(rs.getTimestamp(5)),
            instant(rs.getTimestamp(6)),
            rs.getString(7),
            instant(rs.getTimestamp(8))),
        rs.getString(9),
        rs.getString(10));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
