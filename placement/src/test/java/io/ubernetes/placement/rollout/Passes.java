package io.ubernetes.placement.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drives a rollout pass after pass over a simulated fleet whose members report as their behaviour
 * says, on the revision they were last assigned: what the service does between an agent's report
 * and the next pass.
 */
final class Passes {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  /** How a member's pods behave on a revision. */
  enum Behaviour {
    HEALTHY,
    CRASHING,
    /** Applied, but never all available, with no failure issue. */
    STARTING,
    UNREACHABLE
  }

  private final RolloutPlan plan;
  private final Map<String, Map<String, String>> labels = new LinkedHashMap<>();
  private final Map<String, Behaviour> behaviour = new HashMap<>();
  private final Map<String, ClusterObservation> overrides = new HashMap<>();
  private final Set<String> leaving = new HashSet<>();
  private final Set<Integer> bad = new HashSet<>();
  private final Map<String, Set<Integer>> badOn = new HashMap<>();
  private final List<String> events = new ArrayList<>();
  private RolloutState state;
  private RolloutStep last;
  private Instant now = T0;
  private int newest = 1;
  private Commands commands = Commands.NONE;

  Passes(RolloutPlan plan) {
    this.plan = plan;
  }

  Passes cluster(String name, String... keyValues) {
    Map<String, String> clusterLabels = new TreeMap<>();
    for (String keyValue : keyValues) {
      String[] parts = keyValue.split("=", 2);
      clusterLabels.put(parts[0], parts[1]);
    }
    labels.put(name, clusterLabels);
    return this;
  }

  /** Every cluster runs {@code revision}, healthy: a rollout completed there. */
  Passes stableAt(int revision) {
    Map<String, ClusterRollout> clusters = new TreeMap<>();
    labels
        .keySet()
        .forEach(
            name ->
                clusters.put(
                    name,
                    new ClusterRollout(revision, ClusterState.HEALTHY, now, null, 0, 0, null)));
    state =
        new RolloutState(
            revision,
            revision,
            Phase.COMPLETE,
            0,
            Gate.NONE,
            null,
            now,
            null,
            null,
            revision,
            clusters);
    newest = revision;
    return this;
  }

  Passes revision(int revision) {
    newest = revision;
    return this;
  }

  Passes bad(int revision) {
    bad.add(revision);
    return this;
  }

  /** {@code revision} crashes on {@code cluster} only. */
  Passes bad(String cluster, int revision) {
    badOn.computeIfAbsent(cluster, name -> new HashSet<>()).add(revision);
    return this;
  }

  Passes behaves(String cluster, Behaviour how) {
    behaviour.put(cluster, how);
    return this;
  }

  Passes reports(ClusterObservation report) {
    overrides.put(report.cluster(), report);
    return this;
  }

  Passes clearReport(String cluster) {
    overrides.remove(cluster);
    return this;
  }

  Passes leaving(String cluster) {
    leaving.add(cluster);
    return this;
  }

  Passes remove(String cluster) {
    labels.remove(cluster);
    leaving.remove(cluster);
    return this;
  }

  Passes commands(Commands next) {
    commands = next;
    return this;
  }

  Passes approve(String key) {
    return commands(new Commands(commands.paused(), key, commands.abort()));
  }

  Passes paused(boolean paused) {
    return commands(new Commands(paused, commands.approve(), commands.abort()));
  }

  Passes abort(Integer revision) {
    return commands(new Commands(commands.paused(), commands.approve(), revision));
  }

  /** One pass now. */
  RolloutStep pass() {
    Map<String, ClusterObservation> reports = new TreeMap<>();
    labels.keySet().forEach(name -> reports.put(name, observe(name)));
    last = RolloutMachine.step(new RolloutInput(plan, state, newest, reports, commands, now));
    state = last.state();
    events.addAll(last.events());
    return last;
  }

  /** Time passes, then a pass. */
  RolloutStep after(Duration elapsed) {
    now = now.plus(elapsed);
    return pass();
  }

  /** Passes every {@code interval} until none changes anything (at most {@code limit}). */
  RolloutState settle(Duration interval, int limit) {
    for (int i = 0; i < limit; i++) {
      RolloutStep step = after(interval);
      if (!step.changed()) {
        break;
      }
    }
    return state;
  }

  ClusterObservation observe(String name) {
    ClusterObservation override = overrides.get(name);
    if (override != null) {
      return override;
    }
    ClusterRollout known = state == null ? null : state.clusters().get(name);
    Integer revision = known == null ? null : known.assigned();
    Behaviour how = behaviour.getOrDefault(name, Behaviour.HEALTHY);
    boolean crashes =
        revision != null
            && (bad.contains(revision) || badOn.getOrDefault(name, Set.of()).contains(revision));
    if (how == Behaviour.HEALTHY && crashes) {
      how = Behaviour.CRASHING;
    }
    return report(name, revision, how);
  }

  ClusterObservation report(String name, Integer revision, Behaviour how) {
    Map<String, String> clusterLabels = labels.get(name);
    boolean isLeaving = leaving.contains(name);
    if (revision == null) {
      return new ClusterObservation(
          name, clusterLabels, true, isLeaving, null, false, 0, 0, 0, List.of(), null, List.of());
    }
    return switch (how) {
      case HEALTHY ->
          new ClusterObservation(
              name,
              clusterLabels,
              true,
              isLeaving,
              revision,
              true,
              3,
              3,
              3,
              List.of(),
              0,
              List.of());
      case CRASHING ->
          new ClusterObservation(
              name,
              clusterLabels,
              true,
              isLeaving,
              revision,
              true,
              3,
              3,
              0,
              List.of(
                  new ClusterObservation.Issue(
                      "CrashLoopBackOff", "back-off restarting failed container", 3)),
              9,
              List.of());
      case STARTING ->
          new ClusterObservation(
              name,
              clusterLabels,
              true,
              isLeaving,
              revision,
              true,
              3,
              1,
              1,
              List.of(),
              0,
              List.of());
      case UNREACHABLE ->
          new ClusterObservation(
              name,
              clusterLabels,
              false,
              isLeaving,
              revision,
              true,
              3,
              3,
              3,
              List.of(),
              0,
              List.of());
    };
  }

  RolloutState state() {
    return state;
  }

  RolloutStep last() {
    return last;
  }

  Instant now() {
    return now;
  }

  List<String> events() {
    return events;
  }

  Map<String, Integer> assignments() {
    return last.assignments();
  }

  ClusterState stateOf(String cluster) {
    return state.clusters().get(cluster).state();
  }

  ClusterRollout cluster(String cluster) {
    return state.clusters().get(cluster);
  }

  /** Clusters in {@code wanted}, by name. */
  List<String> in(ClusterState wanted) {
    List<String> names = new ArrayList<>();
    state
        .clusters()
        .forEach(
            (name, cluster) -> {
              if (cluster.state() == wanted) {
                names.add(name);
              }
            });
    return names;
  }
}
