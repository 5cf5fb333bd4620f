package io.ubernetes.federation.dependency;

import io.ubernetes.federation.dependency.Dependencies.Resolution;
import io.ubernetes.federation.dependency.PodReferences.Reference;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.FollowUp;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadStatus;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A workload's {@code DependenciesResolved} condition: {@code True} when the federation propagates
 * every ConfigMap, Secret, ServiceAccount and PersistentVolumeClaim its pod template requires,
 * {@code False} naming those it holds no copy of (the members may have their own: not an error, but
 * worth seeing). Absent for a workload that refers to none or does not follow its dependencies.
 * Written after the write that changed it commits, from what is stored then, as a controller writes
 * status.
 *
 * <p>Written on a thread of its own ({@link FollowUp}), never on the thread of the write: after its
 * commit that thread still holds the write's connection until the transaction's cleanup, so a
 * transaction of its own there would hold a second one, and as many concurrent writes as the pool
 * has connections would each wait for a second that none gives back. The workloads changed while a
 * batch is written make the next batch; a batch that fails is owed still and tried again.
 */
@Component
class DependencyConditions {
  private static final Logger log = LoggerFactory.getLogger(DependencyConditions.class);
  static final String TYPE = "DependenciesResolved";

  /** The most workloads whose conditions one transaction writes. */
  static final int BATCH = 200;

  /** The workloads whose dependencies a committed write may have changed. */
  record Changed(List<UUID> workloads) {
    Changed {
      workloads = List.copyOf(workloads);
    }
  }

  private final Dependencies dependencies;
  private final ResourceReader reader;
  private final SystemWrites writes;
  private final FederatedWorkloadStrategy workloads;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final FollowUp followUp = new FollowUp("dependency-conditions", this::writeOwed);

  /** The workloads whose condition is owed a writing. */
  private final Set<UUID> owed = ConcurrentHashMap.newKeySet();

  DependencyConditions(
      Dependencies dependencies,
      ResourceReader reader,
      SystemWrites writes,
      FederatedWorkloadStrategy workloads,
      Clock clock,
      PlatformTransactionManager transactionManager) {
    this.dependencies = dependencies;
    this.reader = reader;
    this.writes = writes;
    this.workloads = workloads;
    this.clock = clock;
    this.transactions = new TransactionTemplate(transactionManager);
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Runs once the write has committed; a rollback owes nothing. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  void changed(Changed changed) {
    owed.addAll(changed.workloads());
    followUp.request();
  }

  @PreDestroy
  void stop() {
    followUp.close();
  }

  /**
   * Writes the owed conditions, {@link #BATCH} workloads to a transaction so that a burst of
   * creates does not hold one transaction's locks on thousands of rows. What fails is owed again,
   * and the follow-up tries it later: a committed write's condition is never dropped.
   */
  private void writeOwed() {
    List<UUID> taken = new ArrayList<>();
    for (UUID uid : owed) {
      if (owed.remove(uid)) {
        taken.add(uid);
      }
    }
    List<UUID> failed = new ArrayList<>();
    for (int from = 0; from < taken.size(); from += BATCH) {
      List<UUID> batch = taken.subList(from, Math.min(from + BATCH, taken.size()));
      try {
        transactions.executeWithoutResult(status -> write(batch));
      } catch (RuntimeException e) {
        log.warn(
            "The DependenciesResolved condition of workloads {} not written: {}",
            batch,
            e.getMessage());
        failed.addAll(batch);
      }
    }
    if (!failed.isEmpty()) {
      owed.addAll(failed);
      throw new IllegalStateException(
          "the DependenciesResolved condition of " + failed.size() + " workloads not written");
    }
  }

  private void write(List<UUID> uids) {
    Map<UUID, SystemWrites.Locked> locked = writes.lockAll(workloads, uids);
    Map<UUID, FederatedWorkload> loaded = reader.getAll(workloads, locked.keySet());
    Instant now = clock.instant();
    Map<UUID, UnaryOperator<WorkloadStatus>> changes = new HashMap<>();
    loaded.forEach(
        (uid, workload) -> {
          Resolution resolution =
              dependencies.resolve(workload.metadata().namespace(), workload.spec());
          long generation = locked.get(uid).generation();
          changes.put(
              uid,
              previous -> {
                WorkloadStatus status = previous == null ? WorkloadStatus.NONE : previous;
                List<Condition> conditions =
                    conditions(status.conditions(), resolution, generation, now);
                return conditions.equals(status.conditions())
                    ? status
                    : status.withRollout(conditions, status.rollout());
              });
        });
    writes.updateStatuses(workloads, changes);
  }

  static List<Condition> conditions(
      List<Condition> conditions, Resolution resolution, long generation, Instant now) {
    if (resolution.references().isEmpty()) {
      return conditions.stream().filter(c -> !c.type().equals(TYPE)).toList();
    }
    if (resolution.missing().isEmpty()) {
      return Conditions.set(
          conditions,
          TYPE,
          "True",
          "Resolved",
          "every object the pod template requires is propagated",
          generation,
          now);
    }
    return Conditions.set(
        conditions, TYPE, "False", "Missing", missing(resolution.missing()), generation, now);
  }

  /** What a workload's writer and readers are told of the objects the federation lacks. */
  static String missing(List<Reference> missing) {
    return "the pod template refers to "
        + missing.stream().map(Reference::key).collect(Collectors.joining(", "))
        + ", held neither in spec.resources nor as a FederatedObject of the namespace: the member"
        + " clusters must have their own";
  }
}
