package io.ubernetes.federation.quota;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each FederatedWorkload is charged against its namespace's quotas, stored with every write of
 * the workload ({@code workload_charges}), with how far its members' autoscalers may scale it in
 * one cluster for the member quotas; a workload's charge goes with its row.
 */
@Repository
class WorkloadCharges {
  private final JdbcClient jdbc;

  WorkloadCharges(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void put(UUID workload, String namespace, WorkloadCharge charge) {
    QuotaAmounts amounts = charge.amounts();
    jdbc.sql(
            "insert into workload_charges (workload_uid, namespace, cpu_millis, memory_bytes, pods,"
                + " workloads, member_max_replicas) values (?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (workload_uid) do update set"
                + " namespace = excluded.namespace, cpu_millis = excluded.cpu_millis,"
                + " memory_bytes = excluded.memory_bytes, pods = excluded.pods,"
                + " workloads = excluded.workloads,"
                + " member_max_replicas = excluded.member_max_replicas")
        .params(
            workload,
            namespace,
            amounts.cpuMillis(),
            amounts.memoryBytes(),
            amounts.pods(),
            amounts.workloads(),
            charge.memberMaxReplicas())
        .update();
  }

  void remove(UUID workload) {
    jdbc.sql("delete from workload_charges where workload_uid = ?").param(workload).update();
  }

  Optional<QuotaAmounts> of(UUID workload) {
    return jdbc.sql(
            "select cpu_millis, memory_bytes, pods, workloads from workload_charges"
                + " where workload_uid = ?")
        .param(workload)
        .query(
            (rs, row) ->
                new QuotaAmounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .optional();
  }

  /** The charges filed under a namespace, by workload: one statement for all of them. */
  Map<UUID, WorkloadCharge> inNamespace(String namespace) {
    return jdbc.sql(
            "select workload_uid, cpu_millis, memory_bytes, pods, workloads, member_max_replicas"
                + " from workload_charges where namespace = ?")
        .param(namespace)
        .query(
            rs -> {
              Map<UUID, WorkloadCharge> charges = new HashMap<>();
              while (rs.next()) {
                charges.put(
                    rs.getObject(1, UUID.class),
                    new WorkloadCharge(
                        new QuotaAmounts(
                            rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                        rs.getInt(6)));
              }
              return charges;
            });
  }

  /**
   * The workloads of these namespaces whose replicas the members' autoscalers own, with the most
   * replicas each was admitted to run in one cluster.
   */
  Map<UUID, Integer> memberMaxReplicas(Collection<String> namespaces) {
    Map<UUID, Integer> most = new HashMap<>();
    if (namespaces.isEmpty()) {
      return most;
    }
    jdbc.sql(
            "select workload_uid, member_max_replicas from workload_charges"
                + " where namespace = any(?) and member_max_replicas > 0")
        .param(namespaces.toArray(String[]::new))
        .query(
            rs -> {
              most.put(rs.getObject(1, UUID.class), rs.getInt(2));
            });
    return most;
  }

  /** The sum of the charges of a namespace's workloads. */
  QuotaAmounts total(String namespace) {
    return jdbc.sql(
            "select coalesce(sum(cpu_millis), 0), coalesce(sum(memory_bytes), 0),"
                + " coalesce(sum(pods), 0), coalesce(sum(workloads), 0)"
                + " from workload_charges where namespace = ?")
        .param(namespace)
        .query(
            (rs, row) ->
                new QuotaAmounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .single();
  }
}
