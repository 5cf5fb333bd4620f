package io.ubernetes.federation.security;

import io.ubernetes.federation.database.NotifiedCache;
import io.ubernetes.federation.database.PostgresNotifications;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where each cluster's join request stands, and the hash of its credential. The credentials in use
 * are checked from memory: every change to the table notifies every replica (a trigger, see the V8
 * migration), and this replica forgets them as soon as its own change commits, so that a denied,
 * rotated or deleted cluster's credential is refused from the next request on.
 */
@Repository
public class AgentCredentials {
  /** What every cluster credential starts with. */
  public static final String PREFIX = "ubc_";

  /** The channel the table's trigger notifies. */
  static final String CHANNEL = "ubernetes_agent_credentials";

  private static final int MAX_ENTRIES = 10_000;

  /** The life of a cluster's admission. */
  public enum State {
    AWAITING_APPROVAL,
    APPROVED,
    JOINED,
    DENIED,
    /** An operator revoked the credential: the next agent with the join token may join. */
    ROTATED
  }

  /** One cluster's admission. */
  public record Admission(
      UUID clusterUid, String cluster, State state, String requestId, String credentialHash) {}

  private final JdbcClient jdbc;
  private final NotifiedCache<String> clusters;

  AgentCredentials(JdbcClient jdbc, PostgresNotifications notifications) {
    this.jdbc = jdbc;
    this.clusters = new NotifiedCache<>(notifications, CHANNEL, MAX_ENTRIES);
  }

  /**
   * A new cluster credential: the secret, shown to its agent once, and its hash, the only thing
   * stored.
   */
  public record Issued(String credential, String hash) {}

  public static Issued issue() {
    String credential = TokenSecrets.generate(PREFIX);
    return new Issued(credential, TokenSecrets.hash(credential));
  }

  /** The cluster's admission, locked until the transaction ends. */
  public Optional<Admission> lock(String cluster) {
    return jdbc.sql(
            "select cluster_uid, cluster, state, join_request_id, credential_hash"
                + " from agent_credentials where cluster = ? for update")
        .param(cluster)
        .query(
            (rs, row) ->
                new Admission(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    State.valueOf(rs.getString(3)),
                    rs.getString(4),
                    rs.getString(5)))
        .optional();
  }

  public void save(Admission admission, Instant now) {
    clusters.evictOnCommit(null);
    jdbc.sql(
            """
            insert into agent_credentials (cluster_uid, cluster, state, join_request_id, credential_hash, updated_at)
            values (?, ?, ?, ?, ?, ?)
            on conflict (cluster_uid) do update set
                state = excluded.state,
                join_request_id = excluded.join_request_id,
                credential_hash = excluded.credential_hash,
                updated_at = excluded.updated_at
            """)
        .params(
            admission.clusterUid(),
            admission.cluster(),
            admission.state().name(),
            admission.requestId(),
            admission.credentialHash(),
            Timestamp.from(now))
        .update();
  }

  /** The cluster a credential belongs to, if it is a current one. */
  Optional<String> clusterOf(String credentialHash) {
    return clusters.find(
        credentialHash,
        hash ->
            jdbc.sql(
                    "select cluster from agent_credentials"
                        + " where credential_hash = ? and state = 'JOINED'")
                .param(hash)
                .query(String.class)
                .optional());
  }

  /**
   * Forgets the cached credentials once the current transaction commits: a deleted cluster's
   * credential goes with it (the row cascades).
   */
  public void clusterDeleted() {
    clusters.evictOnCommit(null);
  }

  /** How many clusters have a joined agent. */
  public int joined() {
    return jdbc.sql("select count(*) from agent_credentials where state = 'JOINED'")
        .query(Integer.class)
        .single();
  }

  /** The clusters with a joined agent, by name. */
  public List<String> joinedClusters() {
    return jdbc.sql("select cluster from agent_credentials where state = 'JOINED' order by cluster")
        .query(String.class)
        .list();
  }
}
