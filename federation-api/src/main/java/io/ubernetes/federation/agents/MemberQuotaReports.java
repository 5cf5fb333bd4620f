package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.federation.quota.FederatedResourceQuotaStrategy;
import io.ubernetes.federation.quota.QuotaStatusWriter;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.workload.WorkloadReports;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Takes what agents report about the ResourceQuotas of member quotas, under the quota's uid, into
 * the quotas' {@code status.memberQuotas}. The reports are stored beside the workloads', so that a
 * report repeating the last one is found unchanged and costs no transaction.
 */
@Component
class MemberQuotaReports {
  private final SystemWrites writes;
  private final FederatedResourceQuotaStrategy quotas;
  private final WorkStore work;
  private final WorkloadReports reports;
  private final MemberQuotaPublisher publisher;
  private final QuotaStatusWriter statuses;

  MemberQuotaReports(
      SystemWrites writes,
      FederatedResourceQuotaStrategy quotas,
      WorkStore work,
      WorkloadReports reports,
      MemberQuotaPublisher publisher,
      QuotaStatusWriter statuses) {
    this.writes = writes;
    this.quotas = quotas;
    this.work = work;
    this.reports = reports;
    this.publisher = publisher;
    this.statuses = statuses;
  }

  /**
   * Locks the quotas among these uids until the transaction ends; call before the workloads are
   * locked, as admission locks a namespace's quotas before its workloads.
   *
   * @return the uids that are quotas
   */
  Set<UUID> lock(Collection<UUID> uids) {
    return writes.lockAll(quotas, uids).keySet();
  }

  /**
   * Stores one cluster's reports about the ResourceQuotas of these quotas, locked by {@link #lock},
   * that the cluster is still to have, and shows the members' answers in the quotas' status.
   */
  void accept(String cluster, Map<UUID, WorkloadReport> reported, Instant now) {
    if (reported.isEmpty()) {
      return;
    }
    Set<UUID> live = work.assigned(cluster, reported.keySet());
    Map<UUID, WorkloadReport> current = new LinkedHashMap<>();
    reported.forEach(
        (uid, report) -> {
          if (live.contains(uid)) {
            current.put(uid, report);
          }
        });
    List<UUID> stored = reports.store(cluster, current, now);
    if (!stored.isEmpty()) {
      statuses.answered(publisher.answers(stored));
    }
  }
}
