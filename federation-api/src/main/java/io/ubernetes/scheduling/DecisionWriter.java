package io.ubernetes.scheduling;

import io.ubernetes.api.resource.Condition;
import io.ubernetes.api.resource.Conditions;
import io.ubernetes.api.resource.ObjectMeta;
import io.ubernetes.api.resource.ResourceStore;
import io.ubernetes.api.workload.FederatedWorkloadStrategy;
import io.ubernetes.api.workload.WorkloadStatus;
import io.ubernetes.api.workload.WorkloadStatus.ClusterReplicas;
import io.ubernetes.placement.Decision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a pass's decisions in one transaction: decision rows, the capacity ledger and the
 * workloads' {@code Scheduled} status, all or nothing, and only while the writer's epoch is still
 * the current one.
 *
 * <p>Lock order, the same in every transaction that writes several objects: workload rows by uid,
 * each locked before anything referring to it is written (a workload deleted since the pass read it
 * is left out), then the work lock the listeners take. Listeners are therefore told after every row
 * is written.
 */
@Component
class DecisionWriter {
  private final PlacementRepository repository;
  private final ResourceStore store;
  private final FederatedWorkloadStrategy workloads;
  private final JsonMapper json;
  private final List<PlacementListener> listeners;

  DecisionWriter(
      PlacementRepository repository,
      ResourceStore store,
      FederatedWorkloadStrategy workloads,
      JsonMapper json,
      List<PlacementListener> listeners) {
    this.repository = repository;
    this.store = store;
    this.workloads = workloads;
    this.json = json;
    this.listeners = List.copyOf(listeners);
  }

  /** Thrown when another scheduler took over while this one was deciding. */
  static final class FencedOut extends RuntimeException {
    FencedOut(long mine, long current) {
      super("scheduler epoch " + mine + " was superseded by " + current, null, false, false);
    }
  }

  /**
   * @param clusterLabels the fleet's labels by cluster, for the listeners
   * @param everyone tell the listeners about unchanged decisions too (the fleet changed, and what
   *     derives from a placement may depend on it)
   * @return how many workloads' decisions changed
   */
  @Transactional
  int write(
      long epoch,
      List<ScheduledWorkload> scheduled,
      Map<java.util.UUID, PlacementRepository.StoredDecision> stored,
      Map<String, Map<String, String>> clusterLabels,
      boolean everyone,
      Instant now) {
    long current = repository.currentEpoch();
    if (current != epoch) {
      throw new FencedOut(epoch, current);
    }
    int changed = 0;
    List<ScheduledWorkload> byUid = new ArrayList<>(scheduled);
    byUid.sort(Comparator.comparing(ScheduledWorkload::uid));
    List<ScheduledWorkload> toTell = new ArrayList<>();
    for (ScheduledWorkload item : byUid) {
      Decision decision = item.decision();
      long generation = item.workload().metadata().generation();
      PlacementRepository.StoredDecision before = stored.get(item.uid());
      boolean same =
          before != null
              && before.workloadGeneration() == generation
              && before.policyVersion() == item.policyVersion()
              && before.outcome().equals(decision.outcome().name())
              && before.summary().equals(decision.summary())
              && Objects.equals(before.scaleBackPendingSince(), decision.scaleBackPendingSince())
              && item.shares().equals(item.previous());
      if (same && !everyone) {
        continue;
      }
      ObjectMeta metadata = item.workload().metadata();
      if (!store.lockIfPresent(workloads, metadata.namespace(), metadata.name(), item.uid())) {
        // Deleted since the pass read it: its rows went with it, and it gets no work.
        continue;
      }
      toTell.add(item);
      if (same) {
        continue;
      }
      changed++;
      if (!item.shares().equals(item.previous())) {
        repository.replaceShares(item.uid(), item.shares(), item.perReplica());
      }
      WorkloadPlacement explanation =
          WorkloadPlacement.of(
              new ObjectMeta(
                  metadata.name(), metadata.namespace(), null, null, null, null, null, null),
              generation,
              now.truncatedTo(ChronoUnit.SECONDS).toString(),
              decision,
              item.shares(),
              item.problems(),
              item.moving());
      repository.saveDecision(
          new PlacementRepository.StoredDecision(
              item.uid(),
              generation,
              item.policyVersion(),
              now,
              decision.outcome().name(),
              decision.summary(),
              json.writeValueAsString(explanation),
              decision.scaleBackPendingSince()));
      store.updateStatus(
          workloads,
          metadata.namespace(),
          metadata.name(),
          status -> scheduled(status, generation, decision, item, now));
    }
    for (ScheduledWorkload item : toTell) {
      tell(item, clusterLabels, now);
    }
    return changed;
  }

  private void tell(
      ScheduledWorkload item, Map<String, Map<String, String>> clusterLabels, Instant now) {
    for (PlacementListener listener : listeners) {
      listener.placed(item.uid(), item.workload(), item.shares().running(), clusterLabels, now);
    }
  }

  private static WorkloadStatus scheduled(
      WorkloadStatus previous,
      long generation,
      Decision decision,
      ScheduledWorkload item,
      Instant now) {
    String state = decision.outcome() == Decision.Outcome.PLACED ? "True" : "False";
    String reason =
        switch (decision.outcome()) {
          case PLACED -> "Placed";
          case PARTIAL -> "PartiallyPlaced";
          case UNSCHEDULABLE -> "Unschedulable";
        };
    String message = decision.summary();
    if (!item.problems().equals(decision.problems())) {
      message =
          message
              + "; "
              + String.join(
                  "; ",
                  item.problems().subList(decision.problems().size(), item.problems().size()));
    }
    List<Condition> conditions =
        Conditions.set(previous.conditions(), "Scheduled", state, reason, message, generation, now);
    conditions =
        item.moving().isEmpty()
            ? Conditions.set(
                conditions,
                "Moving",
                "False",
                "Settled",
                "replicas run where they are placed",
                generation,
                now)
            : Conditions.set(
                conditions, "Moving", "True", "MakeBeforeBreak", item.moving(), generation, now);
    Map<String, Integer> running = item.shares().running();
    Map<String, Integer> target = item.shares().target();
    Set<String> names = new TreeSet<>(running.keySet());
    names.addAll(target.keySet());
    List<ClusterReplicas> clusters = new ArrayList<>();
    for (String cluster : names) {
      int here = running.getOrDefault(cluster, 0);
      int wanted = target.getOrDefault(cluster, 0);
      clusters.add(
          new ClusterReplicas(
              cluster,
              here,
              Math.min(here, readyIn(previous, cluster)),
              here == wanted ? null : wanted));
    }
    return new WorkloadStatus(generation, conditions, clusters, previous.readyReplicas());
  }

  private static Integer readyIn(WorkloadStatus previous, String cluster) {
    for (ClusterReplicas replicas : previous.clusters()) {
      if (replicas.name().equals(cluster)) {
        return replicas.readyReplicas();
      }
    }
    return 0;
  }
}
