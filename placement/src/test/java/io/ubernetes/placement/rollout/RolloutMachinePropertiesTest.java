package io.ubernetes.placement.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.LabelSelector;
import io.ubernetes.placement.Rollout.Bound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The rollout's safety rules over random fleets, strategies, member reports, fleet changes and
 * operator commands, across many passes: whatever happens, a halted rollout does not spread its
 * target, no cluster runs a revision the strategy has not reached, and every cluster has exactly
 * one revision.
 */
class RolloutMachinePropertiesTest {
  private static final int CLUSTERS = 6;
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  enum Presence {
    PRESENT,
    LEAVING,
    ABSENT
  }

  enum Report {
    HEALTHY,
    CRASHING,
    STARTING,
    UNREACHABLE
  }

  /** What the world does before one pass. */
  record Turn(
      int seconds,
      boolean newRevision,
      boolean paused,
      int approve,
      int abort,
      List<Presence> presence,
      List<Report> reports) {}

  record Scenario(
      RolloutPlan plan, List<Map<String, String>> labels, boolean stable, List<Turn> turns) {}

  @Property(tries = 300)
  void everyPassKeepsTheRolloutsSafetyRules(@ForAll("scenarios") Scenario scenario) {
    RolloutState state = scenario.stable() ? stableAt(scenario) : null;
    int newest = 1;
    Instant now = T0;
    String approve = null;
    for (Turn turn : scenario.turns()) {
      now = now.plusSeconds(turn.seconds());
      if (turn.newRevision()) {
        newest++;
      }
      approve = approval(scenario.plan(), state, turn.approve(), approve);
      Integer abort = abort(state, turn.abort());
      Map<String, ClusterObservation> reports = observe(scenario, turn, state);
      RolloutInput input =
          new RolloutInput(
              scenario.plan(),
              state,
              newest,
              reports,
              new Commands(turn.paused(), approve, abort),
              now);

      RolloutStep step = RolloutMachine.step(input);

      check(input, step);
      assertThat(RolloutMachine.step(input)).as("deterministic").isEqualTo(step);
      state = step.state();
    }
  }

  @Property(tries = 100)
  void aHealthyFleetCompletesEveryRolloutOnceApproved(@ForAll("scenarios") Scenario scenario) {
    RolloutState state = stableAt(scenario);
    Instant now = T0;
    List<Report> healthy = new ArrayList<>();
    List<Presence> present = new ArrayList<>();
    for (int i = 0; i < CLUSTERS; i++) {
      healthy.add(Report.HEALTHY);
      present.add(Presence.PRESENT);
    }
    Turn turn = new Turn(60, false, false, 0, 0, present, healthy);
    for (int pass = 0; pass < 100 && state.phase() != Phase.COMPLETE || pass == 0; pass++) {
      now = now.plusSeconds(60);
      String approve = Stages.name(scenario.plan(), state.stage()) + "@" + 2;
      RolloutStep step =
          RolloutMachine.step(
              new RolloutInput(
                  scenario.plan(),
                  state,
                  2,
                  observe(scenario, turn, state),
                  new Commands(false, approve, null),
                  now));
      state = step.state();
    }

    assertThat(state.phase()).isEqualTo(Phase.COMPLETE);
    assertThat(state.stable()).isEqualTo(2);
    assertThat(state.clusters().values()).allMatch(cluster -> cluster.assigned() == 2);
  }

  private static void check(RolloutInput input, RolloutStep step) {
    RolloutState before = input.previous();
    RolloutState after = step.state();
    String context = "pass at " + input.now() + ": " + after + "\nevents: " + step.events();

    // Every cluster the scheduler commits the workload to has exactly one assignment.
    assertThat(after.clusters().keySet()).as(context).isEqualTo(input.clusters().keySet());
    if (after.stable() != null) {
      assertThat(after.clusters().values())
          .as(context)
          .allMatch(cluster -> cluster.assigned() != null);
    }

    Set<Integer> leavingRevisions = new HashSet<>();
    input
        .clusters()
        .values()
        .forEach(
            report -> {
              ClusterRollout was = before == null ? null : before.clusters().get(report.cluster());
              if (report.leaving() && was != null && was.assigned() != null) {
                leavingRevisions.add(was.assigned());
              }
            });
    Map<String, Map<String, String>> labels = new TreeMap<>();
    input.clusters().forEach((name, report) -> labels.put(name, report.labels()));
    List<List<String>> stages = Stages.all(input.plan(), labels);

    after
        .clusters()
        .forEach(
            (name, cluster) -> {
              ClusterRollout was = before == null ? null : before.clusters().get(name);
              Integer had = was == null ? null : was.assigned();
              Integer now = cluster.assigned();
              if (Objects.equals(had, now)) {
                return;
              }
              boolean arrived = was == null || was.state() == ClusterState.GONE;
              boolean failover = arrived && leavingRevisions.contains(now);
              // One first seen leaving is recorded at what every cluster ran: the stable revision
              // when the pass began.
              boolean seenLeaving =
                  was == null
                      && cluster.state() == ClusterState.GONE
                      && before != null
                      && Objects.equals(now, before.stable());
              // Only the stable revision, the target, or (failover) a leaving cluster's revision.
              assertThat(
                      Objects.equals(now, after.stable())
                          || Objects.equals(now, after.target())
                          || failover
                          || seenLeaving)
                  .as(name + " assigned " + now + "; " + context)
                  .isTrue();
              if (Objects.equals(now, after.target())
                  && !Objects.equals(now, after.stable())
                  && !failover) {
                // A halted, paused or aborted rollout never gives its target to a new cluster.
                assertThat(after.phase())
                    .as(name + " newly on the target; " + context)
                    .isNotIn(Phase.HALTED, Phase.PAUSED, Phase.ABORTED, Phase.ROLLING_BACK);
                // And only once its stage is reached (or without a stable revision to protect).
                if (after.stable() != null) {
                  assertThat(index(stages, name))
                      .as(name + " updated before its stage; " + context)
                      .isLessThanOrEqualTo(after.stage());
                }
              }
            });

    if (after.phase() == Phase.COMPLETE) {
      assertThat(after.stable()).as(context).isEqualTo(after.target());
      after
          .clusters()
          .values()
          .forEach(
              cluster -> {
                if (cluster.state() != ClusterState.GONE) {
                  assertThat(cluster.assigned()).as(context).isEqualTo(after.stable());
                }
              });
      if (before == null || before.phase() != Phase.COMPLETE) {
        assertThat(after.clusters().values())
            .as("complete with every cluster healthy (or failed within tolerance); " + context)
            .allMatch(
                cluster ->
                    cluster.state() == ClusterState.GONE
                        || cluster.state() == ClusterState.HEALTHY
                        || cluster.state() == ClusterState.FAILED);
      }
    }

    // The stable revision changes only when a rollout completes.
    if (before != null && !Objects.equals(before.stable(), after.stable())) {
      assertThat(after.phase()).as(context).isEqualTo(Phase.COMPLETE);
    }
    if (before != null) {
      assertThat(after.highestStarted()).isGreaterThanOrEqualTo(before.highestStarted());
    }

    // A wake-up is always ahead: no pass is asked for that would find nothing to do.
    RolloutMachine.nextWake(input.plan(), after)
        .ifPresent(wake -> assertThat(wake).as(context).isAfter(input.now()));
  }

  private static int index(List<List<String>> stages, String cluster) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).contains(cluster)) {
        return i;
      }
    }
    throw new AssertionError(cluster + " in no stage");
  }

  private static RolloutState stableAt(Scenario scenario) {
    Map<String, ClusterRollout> clusters = new TreeMap<>();
    for (int i = 0; i < CLUSTERS; i++) {
      clusters.put(name(i), new ClusterRollout(1, ClusterState.HEALTHY, T0, null, 0, 0));
    }
    return new RolloutState(1, 1, Phase.COMPLETE, 0, Gate.NONE, null, T0, null, null, 1, clusters);
  }

  private static String approval(RolloutPlan plan, RolloutState state, int choice, String was) {
    if (state == null) {
      return null;
    }
    String stage = Stages.name(plan, Math.min(state.stage(), plan.stages().size()));
    return switch (choice) {
      case 0 -> was;
      case 1 -> null;
      case 2 -> stage + "@" + state.target();
      default -> stage + "@" + state.stable();
    };
  }

  private static Integer abort(RolloutState state, int choice) {
    if (state == null || choice == 0) {
      return null;
    }
    return choice == 1 ? state.target() : state.target() - 1;
  }

  private static Map<String, ClusterObservation> observe(
      Scenario scenario, Turn turn, RolloutState state) {
    Map<String, ClusterObservation> reports = new TreeMap<>();
    for (int i = 0; i < CLUSTERS; i++) {
      Presence presence = turn.presence().get(i);
      if (presence == Presence.ABSENT) {
        continue;
      }
      String name = name(i);
      ClusterRollout known = state == null ? null : state.clusters().get(name);
      Integer revision = known == null ? null : known.assigned();
      boolean leaving = presence == Presence.LEAVING;
      Map<String, String> labels = scenario.labels().get(i);
      ClusterObservation report =
          switch (revision == null ? Report.HEALTHY : turn.reports().get(i)) {
            case HEALTHY ->
                revision == null
                    ? new ClusterObservation(
                        name, labels, true, leaving, null, false, 0, 0, 0, null, null, null)
                    : new ClusterObservation(
                        name, labels, true, leaving, revision, true, 2, 2, 2, null, 0, null);
            case CRASHING ->
                new ClusterObservation(
                    name,
                    labels,
                    true,
                    leaving,
                    revision,
                    true,
                    2,
                    2,
                    0,
                    List.of(new ClusterObservation.Issue("CrashLoopBackOff", "back-off", 2)),
                    4,
                    null);
            case STARTING ->
                new ClusterObservation(
                    name, labels, true, leaving, revision, true, 2, 1, 1, null, 0, null);
            case UNREACHABLE ->
                new ClusterObservation(
                    name, labels, false, leaving, revision, true, 2, 2, 2, null, 0, null);
          };
      reports.put(name, report);
    }
    return reports;
  }

  private static String name(int index) {
    return "c" + index;
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Map<String, String>> labels =
        Combinators.combine(
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(4, false)),
                Arbitraries.of("eu", "us"),
                Arbitraries.of("a", "b", ""))
            .as(
                (canary, region, zone) -> {
                  Map<String, String> map = new TreeMap<>();
                  if (canary) {
                    map.put("ring", "canary");
                  }
                  map.put("region", region);
                  if (!zone.isEmpty()) {
                    map.put("zone", zone);
                  }
                  return map;
                });
    Arbitrary<Turn> turns =
        Combinators.combine(
                Arbitraries.of(1, 5, 31, 121, 301, 601),
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(12, false)),
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(8, false)),
                Arbitraries.integers().between(0, 3),
                Arbitraries.frequency(Tuple.of(20, 0), Tuple.of(1, 1), Tuple.of(1, 2)),
                Arbitraries.frequency(
                        Tuple.of(12, Presence.PRESENT),
                        Tuple.of(1, Presence.LEAVING),
                        Tuple.of(1, Presence.ABSENT))
                    .list()
                    .ofSize(CLUSTERS),
                Arbitraries.frequency(
                        Tuple.of(8, Report.HEALTHY),
                        Tuple.of(1, Report.CRASHING),
                        Tuple.of(2, Report.STARTING),
                        Tuple.of(1, Report.UNREACHABLE))
                    .list()
                    .ofSize(CLUSTERS))
            .as(Turn::new);
    return Combinators.combine(
            plans(),
            labels.list().ofSize(CLUSTERS),
            Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)),
            turns.list().ofMinSize(5).ofMaxSize(40))
        .as(Scenario::new);
  }

  private static Arbitrary<RolloutPlan> plans() {
    Arbitrary<RolloutPlan> staged =
        Combinators.combine(
                stage("canary", Map.of("ring", "canary")).injectNull(0.3),
                stage("eu", Map.of("region", "eu")).injectNull(0.3),
                stage("us", Map.of("region", "us")).injectNull(0.5),
                Arbitraries.of(OnFailure.class))
            .as(
                (canary, eu, us, onFailure) -> {
                  List<Stage> stages = new ArrayList<>();
                  for (Stage stage : new Stage[] {canary, eu, us}) {
                    if (stage != null) {
                      stages.add(stage);
                    }
                  }
                  return new RolloutPlan(stages, onFailure);
                });
    return Arbitraries.frequency(Tuple.of(1, RolloutPlan.ALL_AT_ONCE), Tuple.of(0, null))
        .flatMap(
            unused ->
                Arbitraries.oneOf(
                    Arbitraries.just(RolloutPlan.ALL_AT_ONCE), staged, staged, staged, staged));
  }

  private static Arbitrary<Stage> stage(String name, Map<String, String> selector) {
    return Combinators.combine(
            Arbitraries.of(
                Bound.replicas(1), Bound.replicas(2), Bound.percent(50), Bound.percent(100)),
            Arbitraries.integers().between(0, 1),
            Arbitraries.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(2)),
            Arbitraries.frequency(Tuple.of(1, true), Tuple.of(2, false)),
            Arbitraries.of(Duration.ofMinutes(5), Duration.ofMinutes(10)),
            Arbitraries.of(true, false),
            Arbitraries.of("zone", ""))
        .as(
            (concurrency, failures, bake, approval, deadline, countLeaving, orderBy) ->
                new Stage(
                    name,
                    new LabelSelector(selector, List.of()),
                    orderBy.isEmpty() ? null : orderBy,
                    concurrency,
                    failures,
                    bake,
                    approval,
                    deadline,
                    countLeaving));
  }
}
