package io.ubernetes.federation.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The api_tokens table: metadata and salted hashes, never a secret. */
@Repository
class ApiTokenRepository {
  private static final String INSERT =
      "insert into api_tokens (id, name, role, namespaces, salt, hash, created_at, created_by,"
          + " expires_at, cluster_sets) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String COLUMNS =
      "id, name, role, namespaces, created_at, created_by, expires_at, revoked_at, salt, hash,"
          + " cluster_sets";

  /** A stored token with what checks a secret against it. */
  record Stored(ApiToken token, String salt, String hash) {}

  private final JdbcClient jdbc;
  private final ApiTokenCache cache;

  ApiTokenRepository(JdbcClient jdbc, ApiTokenCache cache) {
    this.jdbc = jdbc;
    this.cache = cache;
  }

  void insert(ApiToken token, String salt, String hash) {
    jdbc.sql(INSERT).params(columns(token, salt, hash)).update();
  }

  /** Inserts the token, or gives an existing one of this id the new secret (revocation stays). */
  void upsert(ApiToken token, String salt, String hash) {
    changed(token.id());
    jdbc.sql(
            INSERT
                + " on conflict (id) do update set salt = excluded.salt, hash = excluded.hash,"
                + " role = excluded.role, namespaces = excluded.namespaces,"
                + " cluster_sets = excluded.cluster_sets,"
                + " expires_at = excluded.expires_at")
        .params(columns(token, salt, hash))
        .update();
  }

  private static List<Object> columns(ApiToken token, String salt, String hash) {
    return Arrays.asList(
        token.id(),
        token.name(),
        token.role(),
        token.namespaces().toArray(String[]::new),
        salt,
        hash,
        Timestamp.from(token.createdAt()),
        token.createdBy(),
        token.expiresAt() == null ? null : Timestamp.from(token.expiresAt()),
        token.clusterSets().toArray(String[]::new));
  }

  /**
   * The token as stored, from memory when it is known there (see {@link ApiTokenCache}): to
   * authenticate requests.
   */
  Optional<Stored> find(String id) {
    return cache.find(id, this::load);
  }

  /** The token as stored now, from the database: to change it. */
  Optional<Stored> load(String id) {
    return jdbc.sql("select " + COLUMNS + " from api_tokens where id = ?")
        .param(id)
        .query((rs, row) -> new Stored(token(rs), rs.getString(9), rs.getString(10)))
        .optional();
  }

  List<ApiToken> list() {
    return jdbc.sql("select " + COLUMNS + " from api_tokens order by created_at, id")
        .query((rs, row) -> token(rs))
        .list();
  }

  boolean revoke(String id, Instant now) {
    changed(id);
    return jdbc.sql("update api_tokens set revoked_at = ? where id = ? and revoked_at is null")
            .params(Timestamp.from(now), id)
            .update()
        == 1;
  }

  /** Tells every replica, once the transaction commits, that the token changed. */
  private void changed(String id) {
    jdbc.sql("select pg_notify(?, ?)").params(ApiTokenCache.CHANNEL, id).query(rs -> {});
    cache.evictOnCommit(id);
  }

  boolean any() {
    return jdbc.sql("select exists (select 1 from api_tokens)").query(Boolean.class).single();
  }

  /**
   * Makes replicas starting together take turns until the transaction ends, so that only the first
   * of them finds no token and creates the first admin.
   */
  void lockBootstrap() {
    jdbc.sql("select pg_advisory_xact_lock(hashtext('ubernetes.bootstrap-admin-token'))")
        .query(rs -> {});
  }

  private static ApiToken token(ResultSet rs) throws SQLException {
    Array namespaces = rs.getArray(4);
    Array clusterSets = rs.getArray(11);
    return new ApiToken(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        namespaces == null ? List.of() : Arrays.asList((String[]) namespaces.getArray()),
        clusterSets == null ? List.of() : Arrays.asList((String[]) clusterSets.getArray()),
        instant(rs.getTimestamp(5)),
        rs.getString(6),
        instant(rs.getTimestamp(7)),
        instant(rs.getTimestamp(8)));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
