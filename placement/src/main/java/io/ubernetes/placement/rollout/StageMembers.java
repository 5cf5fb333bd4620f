package io.ubernetes.placement.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which clusters of a stage a rollout (or a rollback) must bring to its revision, and how far they
 * got: the questions the walk through the stages asks of the pass's clusters.
 */
final class StageMembers {
  /** Which way clusters move: to the target, or back to the stable revision. */
  enum Direction {
    FORWARD,
    BACK
  }

  private final Pass pass;

  StageMembers(Pass pass) {
    this.pass = pass;
  }

  /**
   * The clusters of stage {@code index} the walk must bring to its goal: forward, all that stay;
   * back, those that left the stable revision (or are on their way back to it).
   */
  List<String> members(int index, Direction mode) {
    List<String> members = new ArrayList<>();
    for (String name : pass.stages.get(index)) {
      ClusterRollout cluster = pass.clusters.get(name);
      if (cluster == null || cluster.is(ClusterState.GONE)) {
        continue;
      }
      if (mode == Direction.FORWARD
          || !Objects.equals(cluster.assigned(), pass.stable)
          || !cluster.is(ClusterState.WAITING)) {
        members.add(name);
      }
    }
    return members;
  }

  boolean done(int index, Direction mode) {
    int goal = goal(mode);
    for (String name : members(index, mode)) {
      ClusterRollout cluster = pass.clusters.get(name);
      boolean finished = cluster.is(ClusterState.HEALTHY) || cluster.is(ClusterState.FAILED);
      if (!finished || !Objects.equals(cluster.assigned(), goal)) {
        return false;
      }
    }
    return true;
  }

  /** What counts against stage {@code index}'s tolerance, each as {@code cluster failed: why}. */
  List<String> failures(int index, Direction mode, boolean leavingCounts) {
    int goal = goal(mode);
    boolean countLeaving = leavingCounts && Stages.stage(pass.plan, index).countLeavingAsFailure();
    List<String> failures = new ArrayList<>();
    for (String name : pass.stages.get(index)) {
      ClusterRollout cluster = pass.clusters.get(name);
      if (cluster == null) {
        continue;
      }
      if (cluster.is(ClusterState.FAILED) && Objects.equals(cluster.assigned(), goal)) {
        failures.add(name + " failed: " + cluster.reason());
      } else if (countLeaving && cluster.is(ClusterState.GONE)) {
        failures.add(name + " left the fleet");
      }
    }
    return failures;
  }

  /** The first stage from {@code from} with clusters to move ({@code stages.size()} if none). */
  int next(int from, Direction mode) {
    int index = from;
    while (index < pass.stages.size() && members(index, mode).isEmpty()) {
      index++;
    }
    return index;
  }

  int goal(Direction mode) {
    return mode == Direction.FORWARD ? pass.target : pass.stable;
  }

  /** The approval that opens the current stage: {@code "<stage>@<revision it moves to>"}. */
  String key(Direction mode) {
    return Stages.name(pass.plan, pass.stage) + "@" + goal(mode);
  }
}
