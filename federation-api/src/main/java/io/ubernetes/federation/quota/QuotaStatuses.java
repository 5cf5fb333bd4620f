package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.SystemWrites;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code status.hard} and {@code status.admitted} of a namespace's quotas current from their
 * specs and the stored charges; what the scheduler writes ({@code used} and the rest) is kept as it
 * is.
 */
@Component
class QuotaStatuses {
  private final SystemWrites writes;
  private final FederatedResourceQuotaStrategy quotas;
  private final WorkloadCharges charges;

  QuotaStatuses(
      SystemWrites writes, FederatedResourceQuotaStrategy quotas, WorkloadCharges charges) {
    this.writes = writes;
    this.quotas = quotas;
    this.charges = charges;
  }

  /** Locks the namespace's quotas, in name order, for a check inside the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  List<FederatedResourceQuota> lock(String namespace) {
    return writes.lockInNamespace(quotas, namespace);
  }

  /** Writes these locked quotas' {@code hard} and {@code admitted} in the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  void write(List<FederatedResourceQuota> locked, String namespace) {
    if (locked.isEmpty()) {
      return;
    }
    QuotaAmounts admitted = charges.total(namespace);
    Map<UUID, UnaryOperator<QuotaStatus>> changes = new LinkedHashMap<>();
    for (FederatedResourceQuota quota : locked) {
      QuotaAmounts limits =
          QuotaAmounts.limits(quota.spec().hard(), "spec.hard", new FieldErrors());
      changes.put(
          UUID.fromString(quota.metadata().uid()),
          status -> withAdmitted(status, limits.written(limits), admitted.written(limits)));
    }
    writes.updateStatuses(quotas, changes);
  }

  /** Recomputes the namespace's quotas' statuses in a transaction of its own. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void refresh(String namespace) {
    write(lock(namespace), namespace);
  }

  private static QuotaStatus withAdmitted(
      QuotaStatus status, Map<String, String> hard, Map<String, String> admitted) {
    return status == null
        ? new QuotaStatus(hard, admitted, null, null, null, null, null, null)
        : new QuotaStatus(
            hard,
            admitted,
            status.used(),
            status.surplus(),
            status.clusters(),
            status.clusterSets(),
            status.conditions(),
            status.memberQuotas());
  }
}
