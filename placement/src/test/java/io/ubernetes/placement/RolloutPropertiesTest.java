package io.ubernetes.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Rollout.Limits;
import io.ubernetes.placement.Rollout.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of moves between random placements over four clusters, with random readiness, reports
 * and limits.
 */
class RolloutPropertiesTest {
  private static final List<String> CLUSTERS = List.of("a", "b", "c", "d");

  /** A move in progress, as a scheduling pass sees it. */
  record Move(
      Map<String, Integer> running,
      Map<String, Integer> target,
      Map<String, Integer> ready,
      Map<String, Readiness> readiness,
      Limits limits) {}

  @Property
  void readyReplicasNeverFallBelowTheFloorByAStep(@ForAll("moves") Move move) {
    int desired = sum(move.target());
    int floor = desired - move.limits().maxUnavailable();
    int before = known(move.running(), move.ready(), move.readiness());

    Step step = step(move);

    // Removed replicas are the unready ones first, as a ReplicaSet scales down.
    int after = known(step.running(), move.ready(), move.readiness());
    if (before >= floor) {
      assertThat(after).isGreaterThanOrEqualTo(floor);
    } else {
      assertThat(after).isEqualTo(before);
    }
  }

  @Property
  void eachClusterMovesOnlyTowardsItsTarget(@ForAll("moves") Move move) {
    Step step = step(move);

    for (String cluster : CLUSTERS) {
      int now = move.running().getOrDefault(cluster, 0);
      int wanted = move.target().getOrDefault(cluster, 0);
      int next = step.running().getOrDefault(cluster, 0);
      assertThat(next).isBetween(Math.min(now, wanted), Math.max(now, wanted));
    }
  }

  @Property
  void surgeStaysWithinTheLimitUnlessItWasAlreadyBeyond(@ForAll("moves") Move move) {
    int ceiling = sum(move.target()) + move.limits().maxSurge();
    int before = live(move.running(), move.readiness());

    int after = live(step(move).running(), move.readiness());

    assertThat(after).isLessThanOrEqualTo(Math.max(before, ceiling));
  }

  @Property
  void aMoveCompletesOnceEveryStartedReplicaBecomesReady(@ForAll("healthyMoves") Move move) {
    Map<String, Integer> running = move.running();
    for (int steps = 0; steps < 100; steps++) {
      // Every replica that runs becomes ready before the next pass.
      Step step = Rollout.step(running, move.target(), running, move.readiness(), move.limits());
      if (step.complete()) {
        assertThat(step.running()).isEqualTo(positive(move.target()));
        return;
      }
      assertThat(step.running()).as("a step that changes nothing never ends").isNotEqualTo(running);
      running = step.running();
    }
    throw new AssertionError("no complete move after 100 steps: " + move);
  }

  @Property
  void stepsAreDeterministic(@ForAll("moves") Move move) {
    assertThat(step(move)).isEqualTo(step(move));
  }

  @Provide
  Arbitrary<Move> moves() {
    return moves(
        Arbitraries.of(Readiness.READY, Readiness.READY, Readiness.NOT_READY, Readiness.FAILED));
  }

  @Provide
  Arbitrary<Move> healthyMoves() {
    return moves(Arbitraries.just(Readiness.READY));
  }

  private static Arbitrary<Move> moves(Arbitrary<Readiness> readiness) {
    Arbitrary<Map<String, Integer>> placements =
        Arbitraries.integers()
            .between(0, 8)
            .list()
            .ofSize(CLUSTERS.size())
            .map(RolloutPropertiesTest::toMap);
    Arbitrary<Map<String, Readiness>> states =
        readiness
            .list()
            .ofSize(CLUSTERS.size())
            .map(
                list -> {
                  Map<String, Readiness> map = new HashMap<>();
                  for (int i = 0; i < CLUSTERS.size(); i++) {
                    map.put(CLUSTERS.get(i), list.get(i));
                  }
                  return map;
                });
    Arbitrary<Limits> limits =
        Combinators.combine(
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4))
            .as(
                (surge, unavailable) ->
                    new Limits(surge, surge + unavailable == 0 ? 1 : unavailable));
    return Combinators.combine(placements, placements, placements, states, limits)
        .as(
            (running, target, ready, state, limit) ->
                new Move(running, target, capped(ready, running), state, limit));
  }

  private static Map<String, Integer> toMap(List<Integer> counts) {
    Map<String, Integer> map = new TreeMap<>();
    for (int i = 0; i < CLUSTERS.size(); i++) {
      if (counts.get(i) > 0) {
        map.put(CLUSTERS.get(i), counts.get(i));
      }
    }
    return map;
  }

  private static Map<String, Integer> capped(
      Map<String, Integer> ready, Map<String, Integer> running) {
    Map<String, Integer> result = new TreeMap<>();
    ready.forEach(
        (cluster, count) -> result.put(cluster, Math.min(count, running.getOrDefault(cluster, 0))));
    return result;
  }

  private static Step step(Move move) {
    return Rollout.step(
        move.running(), move.target(), move.ready(), move.readiness(), move.limits());
  }

  /** Ready replicas in ready clusters, unready ones removed first. */
  private static int known(
      Map<String, Integer> running, Map<String, Integer> ready, Map<String, Readiness> states) {
    int known = 0;
    for (String cluster : new TreeSet<>(running.keySet())) {
      if (states.get(cluster) == Readiness.READY) {
        known += Math.min(running.get(cluster), ready.getOrDefault(cluster, 0));
      }
    }
    return known;
  }

  private static int live(Map<String, Integer> running, Map<String, Readiness> states) {
    int live = 0;
    for (Map.Entry<String, Integer> entry : running.entrySet()) {
      if (states.get(entry.getKey()) != Readiness.FAILED) {
        live += entry.getValue();
      }
    }
    return live;
  }

  private static int sum(Map<String, Integer> replicas) {
    return replicas.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static Map<String, Integer> positive(Map<String, Integer> replicas) {
    Map<String, Integer> result = new TreeMap<>();
    replicas.forEach(
        (cluster, count) -> {
          if (count > 0) {
            result.put(cluster, count);
          }
        });
    return result;
  }
}
