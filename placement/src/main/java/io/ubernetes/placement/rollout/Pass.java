package io.ubernetes.placement.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The working copy of one pass of {@link RolloutMachine#step}: the previous state made mutable, the
 * input's facts, and the events said so far. Each phase of the pass is a method; {@link Stepper}
 * moves the stages on.
 */
final class Pass {
  final RolloutPlan plan;
  final RolloutInput input;
  final Instant now;
  final Commands commands;
  final Map<String, ClusterRollout> clusters = new TreeMap<>();
  final List<String> events = new ArrayList<>();

  int target;
  Integer stable;
  Phase phase;
  int stage;
  Gate gate;
  Instant gateSince;
  Instant stageStartedAt;
  String haltedReason;
  Integer rolledBackFrom;
  int highestStarted;

  /** The clusters of each stage (the plan's, then the rest), from this pass's labels. */
  List<List<String>> stages;

  Pass(RolloutInput input) {
    this.input = input;
    this.plan = input.plan();
    this.now = input.now();
    this.commands = input.commands();
    RolloutState previous = input.previous();
    if (previous == null) {
      target = input.newestRevision();
      stable = null;
      phase = Phase.PROGRESSING;
      gate = Gate.NONE;
      highestStarted = target;
      events.add(
          "revision " + target + ": the first revision, rolled out to every cluster at once");
      return;
    }
    target = previous.target();
    stable = previous.stable();
    phase = previous.phase();
    stage = previous.stage();
    gate = previous.gate();
    gateSince = previous.gateSince();
    stageStartedAt = previous.stageStartedAt();
    haltedReason = previous.haltedReason();
    rolledBackFrom = previous.rolledBackFrom();
    highestStarted = previous.highestStarted();
    clusters.putAll(previous.clusters());
  }

  RolloutStep run() {
    supersede();
    partition();
    FleetChanges fleet = new FleetChanges(this);
    fleet.departures();
    // The operator's commands before arrivals: a cluster that joins a paused or aborted rollout
    // must not get its target.
    OperatorCommands operator = new OperatorCommands(this);
    operator.pause();
    operator.abort();
    fleet.arrivals();
    judge();
    Stepper stepper = new Stepper(this);
    switch (phase) {
      case PROGRESSING, WAITING -> stepper.forward();
      case ROLLING_BACK -> stepper.rollback();
      case HALTED -> stepper.resume();
      case PAUSED, COMPLETE, ABORTED -> {}
    }
    return new RolloutStep(state(), events, input.previous());
  }

  /** A revision newer than the last started supersedes whatever runs (rule: newest wins). */
  private void supersede() {
    int newest = input.newestRevision();
    if (newest <= highestStarted) {
      return;
    }
    String was =
        switch (phase) {
          case COMPLETE, ABORTED -> "";
          case HALTED -> rolledBackFrom == null ? "; it supersedes halted revision " + target : "";
          default -> "; it supersedes the rollout of revision " + target;
        };
    events.add(
        "revision "
            + newest
            + ": rollout started"
            + (stable == null ? " (no stable revision yet)" : " from stable revision " + stable)
            + was);
    target = newest;
    highestStarted = newest;
    phase = Phase.PROGRESSING;
    stage = 0;
    gate = Gate.NONE;
    gateSince = null;
    // No stage entered yet: the first pass that may move enters the first (perhaps at its gate).
    stageStartedAt = null;
    haltedReason = null;
    rolledBackFrom = null;
    // Clusters keep what they run (an abandoned target too) until the new rollout reaches them.
    clusters.replaceAll(
        (name, cluster) ->
            cluster.is(ClusterState.GONE)
                ? cluster
                : cluster.assign(cluster.assigned(), ClusterState.WAITING, now));
  }

  private void partition() {
    Map<String, Map<String, String>> labels = new TreeMap<>();
    input.clusters().forEach((name, report) -> labels.put(name, report.labels()));
    stages = Stages.all(plan, labels);
    for (int i = 0; i < stages.size(); i++) {
      String name = Stages.name(plan, i);
      for (String cluster : stages.get(i)) {
        ClusterRollout known = clusters.get(cluster);
        if (known != null && !Objects.equals(known.stage(), name)) {
          clusters.put(cluster, known.inStage(name));
        }
      }
    }
  }

  /** Whether the rollout may start clusters on its target now. */
  boolean moving() {
    return phase == Phase.PROGRESSING || phase == Phase.WAITING;
  }

  /** Every cluster on its way to a revision is judged, whatever the phase: health is shown. */
  private void judge() {
    for (Map.Entry<String, ClusterRollout> entry : clusters.entrySet()) {
      ClusterRollout cluster = entry.getValue();
      ClusterObservation report = input.clusters().get(entry.getKey());
      if (!cluster.inProgress() || report == null) {
        continue;
      }
      Health.Verdict verdict = Health.judge(cluster, report, stageSettings(entry.getKey()), now);
      entry.setValue(verdict.cluster());
      if (verdict.event() != null) {
        events.add(prefix(entry.getKey()) + entry.getKey() + " " + verdict.event());
      }
    }
  }

  int indexOf(String cluster) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).contains(cluster)) {
        return i;
      }
    }
    return stages.size() - 1;
  }

  String stageOf(String cluster) {
    return Stages.name(plan, indexOf(cluster));
  }

  Stage stageSettings(String cluster) {
    return Stages.stage(plan, indexOf(cluster));
  }

  String prefix(String cluster) {
    return "stage " + stageOf(cluster) + ": ";
  }

  void event(String text) {
    events.add(text);
  }

  RolloutState state() {
    return new RolloutState(
        target,
        stable,
        phase,
        stage,
        gate,
        gateSince,
        stageStartedAt,
        haltedReason,
        rolledBackFrom,
        highestStarted,
        clusters);
  }
}
