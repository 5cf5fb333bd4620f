package io.ubernetes.federation.agents;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each member cluster's lease: when a heartbeat last renewed it. Renewing is one narrow upsert,
 * with no resourceVersion and no event, so that a heartbeat that changes nothing in the cluster's
 * status costs next to nothing, as Kubernetes' node Leases spare the Node objects.
 */
@Repository
class ClusterLeases {
  private final JdbcClient jdbc;

  ClusterLeases(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Renews a cluster's lease.
   *
   * @return whether the cluster had no lease yet: its first heartbeat, or the first of a cluster
   *     made again under a deleted one's name
   */
  boolean renew(String cluster, Instant now) {
    return jdbc.sql(
            """
            insert into cluster_leases (cluster, renewed_at) values (?, ?)
            on conflict (cluster) do update set renewed_at = excluded.renewed_at
            returning xmax = 0
            """)
        .params(cluster, Timestamp.from(now))
        .query(Boolean.class)
        .single();
  }

  /** Every cluster's last renewal, in one statement. */
  Map<String, Instant> renewals() {
    Map<String, Instant> renewals = new HashMap<>();
    jdbc.sql("select cluster, renewed_at from cluster_leases")
        .query(
            rs -> {
              renewals.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            });
    return renewals;
  }

  Optional<Instant> renewal(String cluster) {
    return jdbc.sql("select renewed_at from cluster_leases where cluster = ?")
        .param(cluster)
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** A deleted cluster's lease goes with it; one of the same name joins afresh. */
  void remove(String cluster) {
    jdbc.sql("delete from cluster_leases where cluster = ?").param(cluster).update();
  }
}
