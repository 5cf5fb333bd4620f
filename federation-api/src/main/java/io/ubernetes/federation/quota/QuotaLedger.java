package io.ubernetes.federation.quota;

import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.tenancy.ClusterSet;
import io.ubernetes.placement.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the scheduler needs to keep to quotas, each in one statement: the namespaces' quotas, what
 * their workloads' stored decisions use ({@code placement_ledger}, joined with the workloads'
 * namespaces) and the cluster sets that quotas limit. Read-only: the ledger is the scheduler's, the
 * objects the resource table's.
 */
@Repository
public class QuotaLedger {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  QuotaLedger(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A stored quota: its identity, the generation of its spec, and the spec. */
  public record StoredQuota(
      UUID uid, String namespace, String name, long generation, QuotaSpec spec) {}

  /** Every quota of the fleet, in namespace and name order; few, and read once per pass. */
  public List<StoredQuota> quotas() {
    return jdbc.sql(
            """
            select uid, namespace, name, generation, spec::text from resources
            where kind = 'FederatedResourceQuota'
            order by namespace, name
            """)
        .query(
            (rs, row) ->
                new StoredQuota(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    json.readValue(rs.getString(5), QuotaSpec.class)))
        .list();
  }

  /**
   * What the FederatedWorkloads of these namespaces use by their stored decisions, and what their
   * moves run beyond it. ClusterFederatedWorkloads have no namespace and no quota.
   */
  public QuotaUsage usage(Collection<String> namespaces) {
    List<QuotaUsage.Share> shares = new ArrayList<>();
    if (namespaces.isEmpty()) {
      return new QuotaUsage(shares);
    }
    jdbc.sql(
            """
            select w.namespace, w.uid, l.cluster, coalesce(l.target_replicas, 0),
                   coalesce(l.replicas, 0), coalesce(l.cpu_millis, 0),
                   coalesce(l.memory_bytes, 0), coalesce(l.pods, 0)
            from resources w
            left join placement_ledger l on l.workload_uid = w.uid
            where w.kind = 'FederatedWorkload' and w.namespace = any(?)
            """)
        .param(namespaces.toArray(String[]::new))
        .query(
            rs -> {
              shares.add(
                  new QuotaUsage.Share(
                      rs.getString(1),
                      rs.getObject(2, UUID.class),
                      rs.getString(3),
                      rs.getInt(4),
                      rs.getInt(5),
                      new Resources(rs.getLong(6), rs.getLong(7), rs.getLong(8))));
            });
    return new QuotaUsage(shares);
  }

  /** The cluster selectors of these cluster sets, by name; sets that do not exist are left out. */
  Map<String, ClusterSelector> clusterSelectors(Collection<String> names) {
    Map<String, ClusterSelector> selectors = new HashMap<>();
    if (names.isEmpty()) {
      return selectors;
    }
    jdbc.sql(
            """
            select name, spec::text from resources
            where kind = 'ClusterSet' and namespace = '' and name = any(?)
            """)
        .param(names.toArray(String[]::new))
        .query(
            rs -> {
              ClusterSet.ClusterSetSpec spec =
                  json.readValue(rs.getString(2), ClusterSet.ClusterSetSpec.class);
              selectors.put(
                  rs.getString(1),
                  spec.clusterSelector() == null
                      ? new ClusterSelector(null, null)
                      : spec.clusterSelector());
            });
    return selectors;
  }
}
