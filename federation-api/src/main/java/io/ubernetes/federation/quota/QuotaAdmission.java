package io.ubernetes.federation.quota;

import io.ubernetes.federation.override.OverridePolicy;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.FollowUp;
import io.ubernetes.federation.resource.Warnings;
import io.ubernetes.federation.resource.WriteHook;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quotas at the door, in the transaction of every write of a FederatedWorkload (create, update,
 * patch, apply, dry runs too): the namespace's quotas are locked in name order, so that of two
 * writes racing for the last of a quota, on any replica of the service, the second sees the first's
 * charge; a write whose new charge would pass a limit is refused with 403 {@code QuotaExceeded},
 * and otherwise its charge is stored and the quotas' {@code status.admitted} follows. A namespace
 * without quotas takes no lock, and its charges are kept all the same, for a quota created later.
 * An OverridePolicy's write is a write of the requests of the workloads it selects, and refused
 * alike; a ClusterOverridePolicy's (an admin's, over many namespaces) is recharged after it commits
 * and refuses nothing, the scheduler keeping what it places within the quotas.
 */
@Component
class QuotaAdmission implements WriteHook, DeletionHook {
  private final ChargeCalculator calculator;
  private final ChargeRecount recount;
  private final WorkloadCharges charges;
  private final QuotaStatuses statuses;
  private final JsonMapper json;
  private final FollowUp followUp = new FollowUp("quota-status", this::refreshOwed);

  /** The namespaces whose quotas' statuses a committed quota write or deletion changed. */
  private final Set<String> owed = ConcurrentHashMap.newKeySet();

  QuotaAdmission(
      ChargeCalculator calculator,
      ChargeRecount recount,
      WorkloadCharges charges,
      QuotaStatuses statuses,
      JsonMapper json) {
    this.calculator = calculator;
    this.recount = recount;
    this.charges = charges;
    this.statuses = statuses;
    this.json = json;
  }

  @Override
  public void written(Written write) {
    if (write.kind().equals(FederatedWorkload.KIND)) {
      admit(write);
    } else if (write.kind().equals(FederatedResourceQuota.KIND)) {
      quotaWritten(write.namespace(), write.name(), (QuotaSpec) write.stored());
    } else if (write.kind().equals(OverridePolicy.KIND)) {
      policyWritten(write.namespace(), write.name());
    }
  }

  /**
   * New labels may bring a workload under override policies that raise what it requests, or take it
   * from under them: charged again, and refused as any write that raises use past a quota.
   */
  @Override
  public void relabelled(Written write) {
    if (write.kind().equals(FederatedWorkload.KIND)) {
      admit(write);
    }
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (kind.equals(FederatedWorkload.KIND)) {
      List<FederatedResourceQuota> quotas = statuses.lock(namespace);
      charges.remove(uid);
      statuses.write(quotas, namespace);
    } else if (kind.equals(FederatedResourceQuota.KIND)) {
      afterCommit(namespace);
    }
  }

  private void admit(Written write) {
    String namespace = write.namespace();
    String name = write.name();
    UUID uid = write.uid();
    WorkloadCharge after =
        calculator.charged(
            new RevisionSource.Subject(uid, namespace, name, labels(write.labels())),
            (WorkloadSpec) write.stored());
    List<FederatedResourceQuota> quotas = statuses.lock(namespace);
    if (!quotas.isEmpty()) {
      refuseIfExceeded(
          quotas,
          charges.total(namespace),
          charges.of(uid).orElse(QuotaAmounts.ZERO),
          after.amounts(),
          FederatedWorkload.KIND,
          "federatedworkloads",
          name);
    }
    charges.put(uid, namespace, after);
    statuses.write(quotas, namespace);
  }

  /**
   * An OverridePolicy's rules may raise what its namespace's workloads request, as a write of each
   * would: the namespace is charged again in the policy's write (its row is written, so the charges
   * count its rules), under its quotas' locks, and the write is refused when the namespace's
   * charges grow past a limit, as a workload write is, {@code requested} the increase. A policy
   * write that keeps or lowers them always passes. A namespace without quotas is recharged after
   * the write commits, as every policy change is ({@link ChargeReconciler}).
   */
  private void policyWritten(String namespace, String name) {
    List<FederatedResourceQuota> quotas = statuses.lock(namespace);
    if (quotas.isEmpty()) {
      return;
    }
    Map<UUID, WorkloadCharge> before = charges.inNamespace(namespace);
    Map<UUID, WorkloadCharge> after = recount.expected(namespace);
    QuotaAmounts charged = QuotaAmounts.ZERO;
    QuotaAmounts charging = QuotaAmounts.ZERO;
    for (Map.Entry<UUID, WorkloadCharge> workload : after.entrySet()) {
      WorkloadCharge was = before.get(workload.getKey());
      charged = charged.plus(was == null ? QuotaAmounts.ZERO : was.amounts());
      charging = charging.plus(workload.getValue().amounts());
    }
    refuseIfExceeded(
        quotas,
        charges.total(namespace),
        charged,
        charging,
        OverridePolicy.KIND,
        "overridepolicies",
        name);
    after.forEach(
        (uid, charge) -> {
          if (!charge.equals(before.get(uid))) {
            charges.put(uid, namespace, charge);
          }
        });
    statuses.write(quotas, namespace);
  }

  /**
   * Refuses a write that raises what its namespace is charged past one of its quotas, naming each
   * quota exceeded.
   *
   * @param admitted what the namespace is charged before the write
   * @param before what the charges the write changes were
   * @param after what they are with the write
   * @param resource the written object's resource, for the message ({@code federatedworkloads})
   */
  private static void refuseIfExceeded(
      List<FederatedResourceQuota> quotas,
      QuotaAmounts admitted,
      QuotaAmounts before,
      QuotaAmounts after,
      String kind,
      String resource,
      String name) {
    List<String> exceeded = new ArrayList<>();
    for (FederatedResourceQuota quota : quotas) {
      String refusal =
          QuotaCheck.exceeded(
              quota.metadata().name(), limits(quota.spec()), admitted, before, after);
      if (refusal != null) {
        exceeded.add(refusal);
      }
    }
    if (!exceeded.isEmpty()) {
      throw ApiException.quotaExceeded(
          kind, name, resource + " \"" + name + "\" is forbidden: " + String.join("; ", exceeded));
    }
  }

  /**
   * A quota created or changed below what is admitted already is kept, as Kubernetes keeps one: the
   * writer is warned, and writes that raise use are refused until the namespace is back under it.
   * Its status follows once the write is committed ({@link #afterCommit}): the object the writer
   * gets back is the one it wrote.
   */
  private void quotaWritten(String namespace, String name, QuotaSpec spec) {
    List<String> over = QuotaCheck.over(limits(spec), charges.total(namespace));
    if (!over.isEmpty()) {
      Warnings.add(
          "FederatedResourceQuota \""
              + name
              + "\": the namespace's workloads already ask for more than it allows ("
              + String.join(", ", over)
              + "); writes that ask for more are refused until they ask for less");
    }
    afterCommit(namespace);
  }

  /**
   * Once the write commits, the namespace's quotas' statuses are written again on a thread of their
   * own: the committing thread still holds the write's connection until the transaction's cleanup,
   * and a transaction of its own there would hold a second one, which as many concurrent quota
   * writes as the pool has connections would each wait for in vain.
   */
  private void afterCommit(String namespace) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            owed.add(namespace);
            followUp.request();
          }
        });
  }

  @PreDestroy
  void stop() {
    followUp.close();
  }

  /** Refreshes the owed namespaces; those that fail are owed still, and tried again. */
  private void refreshOwed() {
    List<String> failed = new ArrayList<>();
    RuntimeException first = null;
    for (String namespace : owed) {
      if (!owed.remove(namespace)) {
        continue;
      }
      try {
        statuses.refresh(namespace);
      } catch (RuntimeException e) {
        failed.add(namespace);
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      owed.addAll(failed);
      throw new IllegalStateException(
          "the quota statuses of namespaces " + failed + " not written: " + first.getMessage(),
          first);
    }
  }

  private Map<String, String> labels(String labels) {
    return labels == null || labels.isBlank()
        ? Map.of()
        : json.readValue(labels, new TypeReference<Map<String, String>>() {});
  }

  private static QuotaAmounts limits(QuotaSpec spec) {
    return QuotaAmounts.limits(spec.hard(), "spec.hard", new FieldErrors());
  }
}
