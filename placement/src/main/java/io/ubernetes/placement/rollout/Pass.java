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
    fleet();
    abort();
    pause();
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

  /** Clusters join, leave, and come back; replicas that fail over keep their revision. */
  private void fleet() {
    List<String> absent = new ArrayList<>();
    for (String name : clusters.keySet()) {
      if (!input.clusters().containsKey(name)) {
        absent.add(name);
      }
    }
    for (String name : absent) {
      clusters.remove(name);
      events.add(name + " no longer runs the workload");
    }
    Integer failover = failoverRevision();
    for (ClusterObservation report : input.clusters().values()) {
      String name = report.cluster();
      ClusterRollout known = clusters.get(name);
      if (report.leaving()) {
        if (known == null) {
          clusters.put(
              name, ClusterRollout.of(stable, ClusterState.GONE, now).inStage(stageOf(name)));
        } else if (!known.is(ClusterState.GONE)) {
          clusters.put(name, known.to(ClusterState.GONE, now, "leaving (failed or drained)"));
          events.add(prefix(name) + name + " is leaving (failed or drained)");
        }
        continue;
      }
      if (known == null) {
        Integer revision = failover != null ? failover : stable;
        clusters.put(name, arrived(revision).inStage(stageOf(name)));
        events.add(
            prefix(name)
                + name
                + " joined"
                + (revision == null ? "" : ", running revision " + revision)
                + (failover != null ? " (replicas failing over keep their revision)" : ""));
      } else if (known.is(ClusterState.GONE)) {
        clusters.put(name, arrived(known.assigned()).inStage(known.stage()));
        events.add(prefix(name) + name + " is back");
      }
    }
  }

  /** A cluster new to the rollout: updating if it already runs what the rollout aims at. */
  private ClusterRollout arrived(Integer revision) {
    boolean atGoal =
        revision != null
            && (revision == target && (phase == Phase.COMPLETE || moving())
                || revision.equals(stable) && phase == Phase.ABORTED);
    return ClusterRollout.of(revision, atGoal ? ClusterState.UPDATING : ClusterState.WAITING, now);
  }

  /**
   * The oldest revision the leaving clusters run: replicas that move away run it elsewhere. A
   * rollout that must not spread its target (halted, paused, aborted, rolling back) sends the
   * stable revision instead.
   */
  private Integer failoverRevision() {
    Integer oldest = null;
    for (ClusterObservation report : input.clusters().values()) {
      ClusterRollout known = clusters.get(report.cluster());
      if (report.leaving() && known != null && known.assigned() != null) {
        oldest = oldest == null ? known.assigned() : Math.min(oldest, known.assigned());
      }
    }
    if (oldest != null && oldest == target && !moving() && phase != Phase.COMPLETE) {
      return stable;
    }
    return oldest;
  }

  /** Whether the rollout may start clusters on its target now. */
  boolean moving() {
    return phase == Phase.PROGRESSING || phase == Phase.WAITING;
  }

  private void abort() {
    Integer abort = commands.abort();
    if (abort == null || abort != target || phase == Phase.COMPLETE || phase == Phase.ABORTED) {
      return;
    }
    if (stable == null) {
      events.add(
          "abort of revision "
              + target
              + " ignored: there is no stable revision to go back to; clusters keep revision "
              + target);
      return;
    }
    List<String> reverted = new ArrayList<>();
    clusters.replaceAll(
        (name, cluster) -> {
          if (cluster.is(ClusterState.GONE) || Objects.equals(cluster.assigned(), stable)) {
            return cluster;
          }
          reverted.add(name);
          return cluster.assign(stable, ClusterState.UPDATING, now);
        });
    phase = Phase.ABORTED;
    gate = Gate.NONE;
    gateSince = null;
    haltedReason =
        "Aborted by the operator: back to revision "
            + stable
            + (reverted.isEmpty() ? "" : " on " + String.join(", ", reverted));
    events.add(
        "revision "
            + target
            + " aborted by the operator: "
            + (reverted.isEmpty() ? "no cluster ran it" : String.join(", ", reverted))
            + " back to revision "
            + stable
            + " at once");
  }

  private void pause() {
    if (commands.paused()
        && (phase == Phase.PROGRESSING || phase == Phase.WAITING || phase == Phase.ROLLING_BACK)) {
      phase = Phase.PAUSED;
      events.add("paused by the operator: nothing new starts");
    } else if (!commands.paused() && phase == Phase.PAUSED) {
      phase = rolledBackFrom != null ? Phase.ROLLING_BACK : Phase.PROGRESSING;
      events.add("unpaused by the operator");
    }
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
