package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadReadiness;
import io.ubernetes.federation.workload.WorkloadStatus;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import io.ubernetes.placement.Decision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a pass's decisions in one transaction: decision rows, the capacity ledger and the
 * workloads' {@code Scheduled} status, all or nothing, and only while the writer's epoch is still
 * the current one. Each kind of row is written in one batch, so a pass costs a fixed number of
 * round trips to the database however many workloads it places.
 *
 * <p>Lock order, the same in every transaction that writes several objects: workload rows by uid,
 * locked before anything referring to them is written (a workload deleted since the pass read it is
 * left out), then the work lock the listeners take. Listeners are therefore told after every row is
 * written.
 */
@Component
class DecisionWriter {
  private final PlacementRepository repository;
  private final SchedulerLeadership leadership;
  private final SystemWrites writes;
  private final FederatedWorkloadStrategy workloads;
  private final JsonMapper json;
  private final List<PlacementListener> listeners;

  DecisionWriter(
      PlacementRepository repository,
      SchedulerLeadership leadership,
      SystemWrites writes,
      FederatedWorkloadStrategy workloads,
      JsonMapper json,
      List<PlacementListener> listeners) {
    this.repository = repository;
    this.leadership = leadership;
    this.writes = writes;
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
   * @return the workloads whose decisions changed
   */
  @Transactional
  Set<UUID> write(
      long epoch,
      List<ScheduledWorkload> scheduled,
      Map<UUID, PlacementRepository.StoredDecision> stored,
      Map<String, Map<String, String>> clusterLabels,
      boolean everyone,
      Instant now) {
    long current = leadership.currentEpoch();
    if (current != epoch) {
      throw new FencedOut(epoch, current);
    }
    List<ScheduledWorkload> candidates = new ArrayList<>();
    Set<UUID> same = new HashSet<>();
    for (ScheduledWorkload item : scheduled) {
      if (unchanged(item, stored.get(item.uid()))) {
        if (!everyone) {
          continue;
        }
        same.add(item.uid());
      }
      candidates.add(item);
    }
    // Workloads deleted since the pass read them are left out: their rows went with them, and
    // they get no work.
    Set<UUID> present =
        writes
            .lockAll(workloads, candidates.stream().map(ScheduledWorkload::uid).toList())
            .keySet();
    List<PlacementListener.Placed> placements = new ArrayList<>();
    List<PlacementRepository.NewShares> shares = new ArrayList<>();
    List<PlacementRepository.StoredDecision> decisions = new ArrayList<>();
    Map<UUID, UnaryOperator<WorkloadStatus>> statuses = new HashMap<>();
    for (ScheduledWorkload item : candidates) {
      if (!present.contains(item.uid())) {
        continue;
      }
      placements.add(
          new PlacementListener.Placed(item.uid(), item.workload(), item.shares().running()));
      if (same.contains(item.uid())) {
        continue;
      }
      if (!item.shares().equals(item.previous())) {
        shares.add(new PlacementRepository.NewShares(item.uid(), item.shares(), item.perReplica()));
      }
      Decision decision = item.decision();
      ObjectMeta metadata = item.workload().metadata();
      long generation = metadata.generation();
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
      decisions.add(
          new PlacementRepository.StoredDecision(
              item.uid(),
              generation,
              item.policyVersion(),
              now,
              decision.outcome().name(),
              decision.summary(),
              json.writeValueAsString(explanation),
              decision.scaleBackPendingSince()));
      statuses.put(item.uid(), status -> scheduled(status, generation, decision, item, now));
    }
    List<PlacementRepository.Hold> holds = new ArrayList<>();
    for (ScheduledWorkload item : candidates) {
      if (present.contains(item.uid())) {
        holds.addAll(item.holds());
      }
    }
    repository.hold(holds);
    repository.releaseHolds(now);
    repository.replaceShares(shares);
    repository.saveDecisions(epoch, decisions);
    writes.updateStatuses(workloads, statuses);
    if (!placements.isEmpty()) {
      for (PlacementListener listener : listeners) {
        listener.placed(placements, clusterLabels, now);
      }
    }
    Set<UUID> decided = new HashSet<>();
    decisions.forEach(decision -> decided.add(decision.workload()));
    return decided;
  }

  /** Whether a workload's new decision is the one stored, for the same generation and policy. */
  private static boolean unchanged(
      ScheduledWorkload item, PlacementRepository.StoredDecision before) {
    Decision decision = item.decision();
    return before != null
        && !item.reconsidered()
        && before.workloadGeneration() == item.workload().metadata().generation()
        && before.policyVersion() == item.policyVersion()
        && before.outcome().equals(decision.outcome().name())
        && before.summary().equals(decision.summary())
        && Objects.equals(before.scaleBackPendingSince(), decision.scaleBackPendingSince())
        && item.shares().equals(item.previous());
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
    conditions = spread(conditions, item, decision, generation, now);
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
    // Clusters the replicas left are gone from the list, and what they reported with them: their
    // agents' reports were dropped with the work. The others keep what they last reported.
    List<ClusterReplicas> clusters = new ArrayList<>();
    for (String cluster : names) {
      int here = running.getOrDefault(cluster, 0);
      int wanted = target.getOrDefault(cluster, 0);
      Integer moving = here == wanted ? null : wanted;
      ClusterReplicas before = previous.cluster(cluster);
      ClusterReplicas share =
          before == null
              ? ClusterReplicas.placed(cluster, here, moving)
              : before.withReplicas(here, moving);
      clusters.add(
          new ClusterReplicas(
              share.name(),
              share.replicas(),
              share.targetReplicas(),
              share.updatedReplicas(),
              share.readyReplicas(),
              share.availableReplicas(),
              WorkloadReadiness.health(share),
              share.message()));
    }
    WorkloadStatus decided =
        new WorkloadStatus(
            generation,
            conditions,
            previous.clusters(),
            previous.desiredReplicas(),
            previous.replicas(),
            previous.updatedReplicas(),
            previous.readyReplicas(),
            previous.availableReplicas());
    return WorkloadReadiness.summarize(decided, clusters, item.desiredReplicas(), generation, now);
  }

  /**
   * {@code Spread}, for a placement that asks for one: whether enough topology groups have
   * replicas. An unmet spread is not a partial placement: every replica may well be placed.
   */
  private static List<Condition> spread(
      List<Condition> conditions,
      ScheduledWorkload item,
      Decision decision,
      long generation,
      Instant now) {
    if (!item.spread()) {
      return conditions.stream().filter(c -> !c.type().equals("Spread")).toList();
    }
    if (decision.unmetSpread().isEmpty()) {
      return Conditions.set(
          conditions,
          "Spread",
          "True",
          "Satisfied",
          "replicas run in as many topology groups as the placement asks",
          generation,
          now);
    }
    return Conditions.set(
        conditions,
        "Spread",
        "False",
        "TooFewGroups",
        String.join("; ", decision.unmetSpread()),
        generation,
        now);
  }
}
