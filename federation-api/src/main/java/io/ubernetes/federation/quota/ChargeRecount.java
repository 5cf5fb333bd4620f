package io.ubernetes.federation.quota;

import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The charges and quota statuses recounted from the workloads' specs, when the service starts: a
 * charge that differs from what its workload asks for now (a Duplicated workload's clusters came or
 * went, a charge written by an older version) is logged and repaired, then every quota's {@code
 * status.hard} and {@code status.admitted} is written again. Namespace by namespace, each under its
 * quotas' locks, as admission takes them.
 */
@Component
class ChargeRecount {
  private static final Logger log = LoggerFactory.getLogger(ChargeRecount.class);

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final FederatedResourceQuotaStrategy quotas;
  private final ChargeCalculator calculator;
  private final WorkloadCharges charges;
  private final QuotaStatuses statuses;
  private final TransactionTemplate transactions;

  ChargeRecount(
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      FederatedResourceQuotaStrategy quotas,
      ChargeCalculator calculator,
      WorkloadCharges charges,
      QuotaStatuses statuses,
      TransactionTemplate transactions) {
    this.reader = reader;
    this.workloads = workloads;
    this.quotas = quotas;
    this.calculator = calculator;
    this.charges = charges;
    this.statuses = statuses;
    this.transactions = transactions;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onStart() {
    int repaired;
    try {
      repaired = recount();
    } catch (RuntimeException e) {
      // The charges stay as they were written, which admission keeps right: no reason not to serve.
      log.warn("The quota charges were not recounted on start: {}", e.getMessage());
      return;
    }
    if (repaired > 0) {
      log.warn(
          "Recounted the quota charges of {} workloads that had drifted from their specs",
          repaired);
    }
  }

  /**
   * Recounts every namespace's charges and quota statuses.
   *
   * @return how many workloads' charges were repaired
   */
  int recount() {
    Set<String> namespaces = new TreeSet<>();
    // Cluster-scoped workloads (namespace "") are charged nowhere.
    reader.keys(workloads).values().stream()
        .filter(key -> !key.namespace().isEmpty())
        .forEach(key -> namespaces.add(key.namespace()));
    reader.keys(quotas).values().forEach(key -> namespaces.add(key.namespace()));
    int repaired = 0;
    for (String namespace : namespaces) {
      repaired += recount(namespace);
    }
    return repaired;
  }

  /**
   * Recounts one namespace's charges and quota statuses, in a transaction of its own.
   *
   * @return how many workloads' charges were repaired
   */
  int recount(String namespace) {
    Integer repaired = transactions.execute(status -> recountLocked(namespace));
    return repaired == null ? 0 : repaired;
  }

  /** What each workload of the namespace asks for now, by uid: the charges as they should be. */
  Map<UUID, WorkloadCharge> expected(String namespace) {
    Map<UUID, WorkloadCharge> expected = new HashMap<>();
    // The fleet read once for the namespace, not once for each of its Duplicated workloads.
    ChargeCalculator.FleetReading fleet = calculator.fleetReading();
    for (FederatedWorkload workload : reader.inNamespace(workloads, namespace)) {
      expected.put(
          UUID.fromString(workload.metadata().uid()),
          calculator.charged(ChargeCalculator.subject(workload), workload.spec(), fleet));
    }
    return expected;
  }

  private int recountLocked(String namespace) {
    List<FederatedResourceQuota> locked = statuses.lock(namespace);
    // One statement for the namespace's charges, not one for each workload.
    Map<UUID, WorkloadCharge> stored = charges.inNamespace(namespace);
    int repaired = 0;
    for (Map.Entry<UUID, WorkloadCharge> entry : expected(namespace).entrySet()) {
      WorkloadCharge charge = stored.get(entry.getKey());
      if (!entry.getValue().equals(charge)) {
        log.info(
            "Workload {} in namespace {} was charged {}, asks for {}: charge repaired",
            entry.getKey(),
            namespace,
            charge == null ? "nothing" : charge,
            entry.getValue());
        charges.put(entry.getKey(), namespace, entry.getValue());
        repaired++;
      }
    }
    statuses.write(locked, namespace);
    return repaired;
  }
}
