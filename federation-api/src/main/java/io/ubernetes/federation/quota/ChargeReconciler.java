package io.ubernetes.federation.quota;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.override.ClusterOverridePolicy;
import io.ubernetes.federation.override.OverridePolicy;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.resource.FollowUp;
import io.ubernetes.federation.resource.ResourceChanged;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.tenancy.ClusterSet;
import io.ubernetes.federation.tenancy.ClusterSetBinding;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import jakarta.annotation.PreDestroy;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Charges again the workloads whose charge depends on the fleet when the fleet changes, without a
 * write of theirs: a member cluster joining, leaving or relabelled, a ClusterSet or PlacementPolicy
 * written (the namespaces with Duplicated workloads, inline overrides, a policy, or override
 * policies' {@code jsonPatch} rules that select them), a ClusterSetBinding or OverridePolicy
 * written (its namespace), a ClusterOverridePolicy written (every namespace). Each namespace is
 * recounted as {@link ChargeRecount} does on start, under its quotas' locks in name order as
 * admission takes them, so that {@code status.admitted} and later admissions use the charge the
 * fleet gives now. A charge that grows past a quota is kept and shows in its status ({@code
 * admitted} above {@code hard}): nothing admitted is refused or removed, as Kubernetes evicts
 * nothing when a quota is passed.
 *
 * <p>Runs once the change has committed, on a thread of its own ({@link FollowUp}), so the change's
 * caller never waits for it, in transactions of its own. One recount at a time: the changes
 * committed while one runs make one more round, so that a burst of changes (many clusters joining)
 * is one or two recounts rather than one per change. A namespace whose recount fails is owed it
 * still, and tried again.
 */
@Component
class ChargeReconciler {
  private static final Logger log = LoggerFactory.getLogger(ChargeReconciler.class);
  private static final Set<String> FLEET = Set.of(MemberCluster.KIND, ClusterSet.KIND);

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final ChargeCalculator calculator;
  private final ChargeRecount recount;
  private final TransactionTemplate transactions;
  private final FollowUp followUp = new FollowUp("quota-recharge", this::recountOwed);

  /** The namespaces owed a recount whatever their workloads. */
  private final Set<String> owed = new TreeSet<>();

  /** Whether the namespaces whose charges depend on the fleet are owed a recount. */
  private boolean fleetOwed;

  /** Whether every namespace with a workload is owed a recount. */
  private boolean everyOwed;

  ChargeReconciler(
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      ChargeCalculator calculator,
      ChargeRecount recount,
      PlatformTransactionManager transactionManager) {
    this.reader = reader;
    this.workloads = workloads;
    this.calculator = calculator;
    this.recount = recount;
    this.transactions = new TransactionTemplate(transactionManager);
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onChange(ResourceChanged change) {
    if (change.statusOnly()) {
      return;
    }
    if (FLEET.contains(change.kind()) || PlacementPolicy.KIND.equals(change.kind())) {
      oweFleet();
    } else if (ClusterSetBinding.KIND.equals(change.kind())
        || OverridePolicy.KIND.equals(change.kind())) {
      owe(change.namespace());
    } else if (ClusterOverridePolicy.KIND.equals(change.kind())) {
      // It may have selected workloads of any namespace before, and select others now.
      oweEveryNamespace();
    } else {
      return;
    }
    followUp.request();
  }

  @PreDestroy
  void stop() {
    followUp.close();
  }

  private synchronized void oweFleet() {
    fleetOwed = true;
  }

  private synchronized void oweEveryNamespace() {
    everyOwed = true;
  }

  private synchronized void owe(String namespace) {
    owed.add(namespace);
  }

  /**
   * Recounts what is owed. What cannot be recounted now stays owed, and the failure makes the
   * follow-up try again.
   */
  private void recountOwed() {
    Set<String> failed = new TreeSet<>();
    for (String namespace : take()) {
      if (!recount(namespace)) {
        failed.add(namespace);
      }
    }
    if (!failed.isEmpty()) {
      failed.forEach(this::owe);
      throw new IllegalStateException("the charges of namespaces " + failed + " not recounted");
    }
  }

  /** The namespaces owed a recount now, no longer owed. */
  private Set<String> take() {
    boolean fleet;
    boolean every;
    Set<String> namespaces;
    synchronized (this) {
      fleet = fleetOwed;
      every = everyOwed;
      namespaces = new TreeSet<>(owed);
      fleetOwed = false;
      everyOwed = false;
      owed.clear();
    }
    try {
      if (every) {
        // Cluster-scoped workloads (namespace "") are charged nowhere.
        reader.keys(workloads).values().stream()
            .filter(key -> !key.namespace().isEmpty())
            .forEach(key -> namespaces.add(key.namespace()));
      } else if (fleet) {
        transactions.executeWithoutResult(status -> namespaces.addAll(readingTheFleet()));
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        fleetOwed |= fleet;
        everyOwed |= every;
        owed.addAll(namespaces);
      }
      throw e;
    }
    return namespaces;
  }

  /** The namespaces with a workload whose charge depends on the clusters it may land on. */
  private Set<String> readingTheFleet() {
    Set<String> namespaces = new TreeSet<>();
    for (FederatedWorkload workload :
        reader.getAll(workloads, reader.versions(workloads).keySet()).values()) {
      String namespace = workload.metadata().namespace();
      // Cluster-scoped workloads (namespace "") are charged nowhere.
      if (!namespace.isEmpty()
          && !namespaces.contains(namespace)
          && calculator.readsFleet(ChargeCalculator.subject(workload), workload.spec())) {
        namespaces.add(namespace);
      }
    }
    return namespaces;
  }

  /** Whether the namespace was recounted. */
  private boolean recount(String namespace) {
    try {
      Integer repaired = transactions.execute(status -> recount.recount(namespace));
      if (repaired != null && repaired > 0) {
        log.info(
            "The fleet changed: {} workloads of namespace {} charged again", repaired, namespace);
      }
      return true;
    } catch (RuntimeException e) {
      // E.g. a workload deleted meanwhile: the other namespaces are recounted all the same.
      log.warn(
          "The charges of namespace {} were not recounted after the fleet changed: {}",
          namespace,
          e.getMessage());
      return false;
    }
  }
}
