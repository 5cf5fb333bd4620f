package io.ubernetes.federation.dependency;

import io.ubernetes.federation.dependency.Dependencies.Resolution;
import io.ubernetes.federation.dependency.PodReferences.Reference;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 */
@Component
class DependencyConditions {
  private static final Logger log = LoggerFactory.getLogger(DependencyConditions.class);
  static final String TYPE = "DependenciesResolved";

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

  /**
   * Runs once the write has committed: a failure here cannot undo it, and is left to the next write
   * of the workload or its dependencies to make good.
   */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  void changed(Changed changed) {
    try {
      // Its own transaction: the write's has ended.
      transactions.executeWithoutResult(status -> write(changed));
    } catch (RuntimeException e) {
      log.warn(
          "The DependenciesResolved condition of workloads {} not written", changed.workloads(), e);
    }
  }

  private void write(Changed changed) {
    Map<UUID, SystemWrites.Locked> locked = writes.lockAll(workloads, changed.workloads());
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
