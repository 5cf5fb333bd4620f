package io.ubernetes.federation.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which {@link FederatedService}s front which workloads, in plain statements: for deriving the work
 * of member clusters, where it is read in the transaction of a placement or of a service's write.
 */
@Repository
public class FederatedServices {
  private final JdbcClient jdbc;
  private final JsonMapper stored;

  FederatedServices(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    // Stored specs are read leniently, as the resource codec reads them.
    this.stored = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  /** A workload, by namespace and name. */
  public record Workload(String namespace, String name) {}

  /**
   * The stored FederatedServices that front these workloads, in one statement.
   *
   * @return the specs by service name, by workload; workloads no service fronts are left out
   */
  public Map<Workload, SortedMap<String, FederatedServiceSpec>> fronting(
      Collection<Workload> workloads) {
    Map<Workload, SortedMap<String, FederatedServiceSpec>> fronting = new HashMap<>();
    if (workloads.isEmpty()) {
      return fronting;
    }
    Collection<Workload> keys = new LinkedHashSet<>(workloads);
    jdbc.sql(
            """
            select s.namespace, s.spec ->> 'workload', s.name, s.spec::text
            from resources s
            join unnest(cast(? as text[]), cast(? as text[])) as w (namespace, name)
              on s.namespace = w.namespace and (s.spec ->> 'workload') = w.name
            where s.kind = 'FederatedService'
            """)
        .params(
            keys.stream().map(Workload::namespace).toArray(String[]::new),
            keys.stream().map(Workload::name).toArray(String[]::new))
        .query(
            rs -> {
              fronting
                  .computeIfAbsent(
                      new Workload(rs.getString(1), rs.getString(2)), w -> new TreeMap<>())
                  .put(
                      rs.getString(3),
                      stored.readValue(rs.getString(4), FederatedServiceSpec.class));
            });
    return fronting;
  }

  /** The workload a stored FederatedService fronts; empty if there is no such service. */
  public Optional<String> frontedBy(String namespace, String name) {
    return jdbc.sql(
            "select spec ->> 'workload' from resources"
                + " where kind = 'FederatedService' and namespace = ? and name = ?")
        .params(namespace, name)
        .query(String.class)
        .optional();
  }
}
