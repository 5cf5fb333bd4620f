package io.ubernetes.federation.rollout;

import io.ubernetes.federation.cluster.ClusterReachability;
import io.ubernetes.federation.events.WorkloadEvent;
import io.ubernetes.federation.events.WorkloadEvents;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.rolloutstrategy.RolloutStrategies;
import io.ubernetes.federation.scheduling.AfterPlacement;
import io.ubernetes.federation.scheduling.PlacementListener;
import io.ubernetes.federation.workload.ClusterReport;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.RolloutControl;
import io.ubernetes.federation.workload.RolloutStatus;
import io.ubernetes.federation.workload.WorkloadReports;
import io.ubernetes.federation.workload.WorkloadStatuses;
import io.ubernetes.placement.rollout.Commands;
import io.ubernetes.placement.rollout.Phase;
import io.ubernetes.placement.rollout.RolloutInput;
import io.ubernetes.placement.rollout.RolloutMachine;
import io.ubernetes.placement.rollout.RolloutPlan;
import io.ubernetes.placement.rollout.RolloutState;
import io.ubernetes.placement.rollout.RolloutStep;
import io.ubernetes.placement.rollout.Stages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rollout step of each scheduling pass: for every workload whose rollout is in progress, or
 * whose decision the pass changed (a new revision, an operator's command, clusters added or taken
 * away), it feeds the rollout machine the clusters' reports and the operator's commands, stores the
 * state when it changed, has the work of clusters whose revision changed rendered again, and writes
 * {@code status.rollout} and the events of the workload's history ({@link RolloutEvents}). A
 * workload whose rollout is complete costs nothing but the one indexed query that finds those in
 * progress.
 */
@Component
class RolloutPass implements AfterPlacement {
  private static final Logger log = LoggerFactory.getLogger(RolloutPass.class);

  private final RolloutStore store;
  private final WorkloadRevisions revisions;
  private final RolloutObservations observations;
  private final RolloutStrategies strategies;
  private final ResourceReader reader;
  private final SystemWrites writes;
  private final FederatedWorkloadStrategy workloads;
  private final WorkloadReports reports;
  private final ClusterReachability reachability;
  private final WorkloadStatuses statuses;
  private final WorkloadEvents events;
  private final List<PlacementListener> listeners;

  RolloutPass(
      RolloutStore store,
      WorkloadRevisions revisions,
      RolloutStrategies strategies,
      ResourceReader reader,
      SystemWrites writes,
      FederatedWorkloadStrategy workloads,
      WorkloadReports reports,
      ClusterReachability reachability,
      WorkloadStatuses statuses,
      WorkloadEvents events,
      List<PlacementListener> listeners) {
    this.store = store;
    this.revisions = revisions;
    this.observations = new RolloutObservations();
    this.strategies = strategies;
    this.reader = reader;
    this.writes = writes;
    this.workloads = workloads;
    this.reports = reports;
    this.reachability = reachability;
    this.statuses = statuses;
    this.events = events;
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public Set<UUID> toLock() {
    return store.active();
  }

  @Override
  public Outcome after(Pass pass) {
    // Locked already by the pass when it wrote; otherwise no work lock is held yet, and these are
    // the first locks of the transaction.
    Map<UUID, SystemWrites.Locked> locked = writes.lockAll(workloads, pass.locked());
    if (locked.isEmpty()) {
      return Outcome.NONE;
    }
    Instant now = pass.now();
    Map<UUID, FederatedWorkload> loaded = reader.getAll(workloads, locked.keySet());
    Map<UUID, RolloutStore.Stored> stored = store.load(loaded.keySet());
    Map<UUID, Map<String, Integer>> committed = pass.committed().of(loaded.keySet());
    Map<UUID, Map<String, ClusterReport>> reported = reports.of(loaded.keySet());
    Map<UUID, Integer> newestRevisions = revisions.newestRevisions(loaded.keySet());
    Set<String> clusters = new HashSet<>();
    committed.values().forEach(shares -> clusters.addAll(shares.keySet()));
    Map<String, String> unreachable = reachability.unreachable(clusters);

    List<RolloutStore.Stored> changed = new ArrayList<>();
    List<PlacementListener.Placed> republish = new ArrayList<>();
    Map<UUID, RolloutStatus> rolloutStatuses = new HashMap<>();
    List<WorkloadEvent> history = new ArrayList<>();
    Set<String> watched = new HashSet<>();
    Instant wake = null;
    for (Map.Entry<UUID, FederatedWorkload> entry : new TreeMap<>(loaded).entrySet()) {
      UUID uid = entry.getKey();
      FederatedWorkload workload = entry.getValue();
      String key = workload.metadata().namespace() + "/" + workload.metadata().name();
      RolloutStore.Stored before = stored.get(uid);
      Integer known = newestRevisions.get(uid);
      // A workload made before revisions were kept gets its first one now.
      int newest = known != null ? known : revisions.ensure(workload).revision();
      RolloutState previous = previous(before, newest, now);
      Optional<RolloutPlans.Snapshot> snapshot =
          previous == null || newest > previous.highestStarted() || before == null
              ? RolloutPlans.snapshot(workload.spec(), strategies::find)
              : Optional.of(new RolloutPlans.Snapshot(before.strategy()));
      if (snapshot.isEmpty()) {
        // Refused on write; possible only in the instant of a concurrent change.
        log.warn(
            "Workload {} names rollout strategy {}, which does not exist: its rollout waits",
            key,
            workload.spec().rolloutStrategy().strategyRef());
        watched.add(key);
        continue;
      }
      RolloutPlan plan = RolloutPlans.plan(snapshot.get().strategy());
      Map<String, Integer> shares = committed.getOrDefault(uid, Map.of());
      RolloutStep step =
          RolloutMachine.step(
              new RolloutInput(
                  plan,
                  previous,
                  newest,
                  observations.of(
                      shares.keySet(),
                      pass.clusterLabels(),
                      unreachable,
                      pass.leaving(),
                      reported.getOrDefault(uid, Map.of())),
                  commands(workload.spec().rolloutControl()),
                  now));
      RolloutState state = step.state();
      step.events().forEach(event -> log.info("Rollout of workload {}: {}", key, event));
      List<RolloutStore.StageClusters> stages = stages(plan, state, pass.clusterLabels());
      if (before == null
          || step.changed()
          || !Objects.equals(before.state(), state)
          || !before.stages().equals(stages)) {
        changed.add(new RolloutStore.Stored(uid, snapshot.get().strategy(), state, stages));
        history.addAll(RolloutEvents.of(uid, workload, plan, previous, state));
      }
      if (before == null || !assignments(before.state()).equals(step.assignments())) {
        republish.add(new PlacementListener.Placed(uid, workload, shares));
      }
      if (state.phase() == Phase.COMPLETE
          && state.stable() != null
          && (previous == null
              || previous.phase() != Phase.COMPLETE
              || !state.stable().equals(previous.stable()))) {
        revisions.markHealthyEverywhere(uid, state.stable(), now);
      }
      RolloutStatus status = RolloutViews.status(plan, state);
      if (workload.status() == null || !status.equals(workload.status().rollout())) {
        rolloutStatuses.put(uid, status);
      }
      if (state.phase() != Phase.COMPLETE && state.phase() != Phase.ABORTED) {
        watched.add(key);
      }
      Optional<Instant> next = RolloutMachine.nextWake(plan, state);
      if (next.isPresent() && (wake == null || next.get().isBefore(wake))) {
        wake = next.get();
      }
    }
    store.save(changed, now);
    statuses.rolledOut(locked, rolloutStatuses, now);
    events.record(history, now);
    if (!republish.isEmpty()) {
      for (PlacementListener listener : listeners) {
        listener.placed(republish, pass.clusterLabels(), now);
      }
    }
    return new Outcome(watched, Optional.ofNullable(wake));
  }

  /**
   * The state the machine starts from. A workload without a rollout that has more than one revision
   * ran before rollouts were kept, at its first revision: its rollout starts complete there, so
   * that the newer revision is rolled out by its strategy. One with a single revision has nothing
   * to protect (none is null: the machine rolls it everywhere at once).
   */
  private static RolloutState previous(RolloutStore.Stored before, int newest, Instant now) {
    if (before != null) {
      return before.state();
    }
    return newest > 1 ? RolloutState.completeAt(1, now) : null;
  }

  /** The clusters of each stage, as the rollout's clusters stand now. */
  private static List<RolloutStore.StageClusters> stages(
      RolloutPlan plan, RolloutState state, Map<String, Map<String, String>> labels) {
    Map<String, Map<String, String>> mine = new TreeMap<>();
    state.clusters().keySet().forEach(c -> mine.put(c, labels.getOrDefault(c, Map.of())));
    List<List<String>> partition = Stages.partition(plan, mine);
    List<RolloutStore.StageClusters> stages = new ArrayList<>();
    for (int i = 0; i < partition.size(); i++) {
      stages.add(new RolloutStore.StageClusters(Stages.name(plan, i), partition.get(i)));
    }
    return stages;
  }

  /** The revision each cluster runs, as a stored state says. */
  private static Map<String, Integer> assignments(RolloutState state) {
    Map<String, Integer> assignments = new TreeMap<>();
    state.clusters().forEach((cluster, rollout) -> assignments.put(cluster, rollout.assigned()));
    return assignments;
  }

  private static Commands commands(RolloutControl control) {
    if (control == null) {
      return Commands.NONE;
    }
    return new Commands(control.isPaused(), control.approve(), control.abort());
  }
}
