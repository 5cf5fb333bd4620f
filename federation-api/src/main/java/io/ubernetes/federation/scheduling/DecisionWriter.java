package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.events.WorkloadEvent;
import io.ubernetes.federation.events.WorkloadEvents;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.PlacementDecision;
import io.ubernetes.federation.workload.WorkloadStatuses;
import io.ubernetes.placement.Decision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a pass's decisions in one transaction: decision rows, the capacity ledger, the workloads'
 * status (through {@link WorkloadStatuses}) and the events that tell each workload's history
 * ({@link PlacementEvents}), all or nothing, and only while the writer's epoch is still the current
 * one. Each kind of row is written in one batch, so a pass costs a fixed number of round trips to
 * the database however many workloads it places.
 *
 * <p>Lock order, the same in every transaction that writes several objects: workload rows by uid,
 * locked before anything referring to them is written (a workload deleted since the pass read it is
 * left out), then the events' lock, then the work lock the listeners take. Listeners are therefore
 * told after every row is written.
 */
@Component
class DecisionWriter {
  private final PlacementRepository repository;
  private final SchedulerLeadership leadership;
  private final SystemWrites writes;
  private final FederatedWorkloadStrategy workloads;
  private final WorkloadStatuses statuses;
  private final JsonMapper json;
  private final WorkloadEvents events;
  private final List<PlacementListener> listeners;
  private final SchedulerState state;

  DecisionWriter(
      PlacementRepository repository,
      SchedulerLeadership leadership,
      SystemWrites writes,
      FederatedWorkloadStrategy workloads,
      WorkloadStatuses statuses,
      JsonMapper json,
      WorkloadEvents events,
      List<PlacementListener> listeners,
      SchedulerState state) {
    this.state = state;
    this.repository = repository;
    this.leadership = leadership;
    this.writes = writes;
    this.workloads = workloads;
    this.statuses = statuses;
    this.json = json;
    this.events = events;
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
   * @param alsoLock workloads to lock with those written, for what the pass does after it (see
   *     {@link AfterPlacement})
   * @param context why replicas move, for the events of the workloads' history
   * @return the workloads whose decisions changed
   */
  @Transactional
  Set<UUID> write(
      long epoch,
      List<ScheduledWorkload> scheduled,
      Map<UUID, PlacementRepository.StoredDecision> stored,
      Map<String, Map<String, String>> clusterLabels,
      boolean everyone,
      Collection<UUID> alsoLock,
      PlacementEvents.Context context,
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
    Set<UUID> toLock = new HashSet<>(alsoLock);
    candidates.forEach(item -> toLock.add(item.uid()));
    Map<UUID, SystemWrites.Locked> all = writes.lockAll(workloads, toLock);
    Set<UUID> written = new HashSet<>();
    candidates.forEach(item -> written.add(item.uid()));
    Map<UUID, SystemWrites.Locked> locked = new LinkedHashMap<>(all);
    locked.keySet().retainAll(written);
    Set<UUID> present = locked.keySet();
    List<PlacementListener.Placed> placements = new ArrayList<>();
    List<PlacementRepository.NewShares> shares = new ArrayList<>();
    List<PlacementRepository.StoredDecision> decisions = new ArrayList<>();
    Map<UUID, PlacementDecision> decided = new HashMap<>();
    List<WorkloadEvent> history = new ArrayList<>();
    for (ScheduledWorkload item : candidates) {
      if (!present.contains(item.uid())) {
        continue;
      }
      placements.add(
          new PlacementListener.Placed(item.uid(), item.workload(), item.shares().running()));
      if (same.contains(item.uid())) {
        continue;
      }
      if (!item.shares().equals(item.previous()) || item.unitChanged()) {
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
      decided.put(item.uid(), placementDecision(item, generation));
      history.addAll(PlacementEvents.of(item, context));
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
    state.written(epoch, shares, decisions);
    statuses.decided(locked, decided, now);
    events.record(history, now);
    if (!placements.isEmpty()) {
      for (PlacementListener listener : listeners) {
        listener.placed(placements, clusterLabels, now);
      }
    }
    Set<UUID> changed = new HashSet<>();
    decisions.forEach(decision -> changed.add(decision.workload()));
    return changed;
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
        && item.shares().equals(item.previous())
        && !item.unitChanged();
  }

  /** The decision as the workload's status records it. */
  private static PlacementDecision placementDecision(ScheduledWorkload item, long generation) {
    Decision decision = item.decision();
    String message = decision.summary();
    if (!item.problems().equals(decision.problems())) {
      message =
          message
              + "; "
              + String.join(
                  "; ",
                  item.problems().subList(decision.problems().size(), item.problems().size()));
    }
    return new PlacementDecision(
        generation,
        switch (decision.outcome()) {
          case PLACED -> PlacementDecision.Outcome.PLACED;
          case PARTIAL -> PlacementDecision.Outcome.PARTIAL;
          case UNSCHEDULABLE ->
              decision.quotaReached().isEmpty()
                  ? PlacementDecision.Outcome.UNSCHEDULABLE
                  : PlacementDecision.Outcome.QUOTA_EXCEEDED;
        },
        message,
        item.spread(),
        decision.unmetSpread(),
        item.moving(),
        item.shares().running(),
        item.shares().target(),
        item.desiredReplicas());
  }
}
