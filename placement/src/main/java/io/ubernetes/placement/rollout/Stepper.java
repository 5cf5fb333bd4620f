package io.ubernetes.placement.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Moves a rollout's stages on: starts clusters within each stage's concurrency, halts on failures
 * beyond a stage's tolerance, opens the next stage (or waits at its approval gate), and completes.
 * The same walk serves a rollout (towards the target) and a rollback (towards the stable revision,
 * through the same stages and gates).
 */
final class Stepper {
  /** Which way clusters move. */
  private enum Mode {
    FORWARD,
    BACK
  }

  private final Pass pass;

  Stepper(Pass pass) {
    this.pass = pass;
  }

  void forward() {
    if (pass.stable == null) {
      everywhere();
      return;
    }
    boolean entered = pass.stageStartedAt != null || pass.gate == Gate.APPROVAL;
    if (!entered && !enter(next(0, Mode.FORWARD), Mode.FORWARD, true)) {
      return;
    }
    move(Mode.FORWARD);
  }

  void rollback() {
    move(Mode.BACK);
  }

  /**
   * A halted rollout resumes on an approval of its halted stage, given after it halted: an approval
   * still in the spec from before (it let the stage start) would otherwise resume it at once, and
   * again after every halt.
   */
  void resume() {
    if (pass.rolledBackFrom != null) {
      return;
    }
    String key = key(Mode.FORWARD);
    if (pass.gate != Gate.APPROVAL) {
      if (!key.equals(pass.commands.approve())) {
        pass.gate = Gate.APPROVAL;
        pass.gateSince = pass.now;
      }
      return;
    }
    if (!key.equals(pass.commands.approve())) {
      return;
    }
    List<String> retried = new ArrayList<>();
    pass.clusters.replaceAll(
        (name, cluster) -> {
          if (cluster.is(ClusterState.FAILED) && Objects.equals(cluster.assigned(), pass.target)) {
            retried.add(name);
            return cluster.assign(pass.target, ClusterState.UPDATING, pass.now);
          }
          return cluster;
        });
    pass.phase = Phase.PROGRESSING;
    pass.gate = Gate.NONE;
    pass.gateSince = null;
    pass.haltedReason = null;
    pass.event(
        "stage "
            + Stages.name(pass.plan, pass.stage)
            + ": resumed by the operator ("
            + key
            + ")"
            + (retried.isEmpty() ? "" : ": " + String.join(", ", retried) + " updating again"));
    forward();
  }

  /** The walk through the stages, until it must wait, halts or finishes. */
  private void move(Mode mode) {
    int count = pass.stages.size();
    for (int guard = 0; guard <= count; guard++) {
      if (pass.gate == Gate.APPROVAL) {
        String key = key(mode);
        if (!key.equals(pass.commands.approve())) {
          pass.phase = mode == Mode.FORWARD ? Phase.WAITING : Phase.ROLLING_BACK;
          return;
        }
        pass.gate = Gate.NONE;
        pass.gateSince = null;
        pass.stageStartedAt = pass.now;
        pass.event(
            "stage "
                + Stages.name(pass.plan, pass.stage)
                + ": approved by the operator ("
                + key
                + ")");
      }
      for (int i = 0; i <= pass.stage && i < count; i++) {
        start(i, mode);
      }
      if (halt(mode)) {
        return;
      }
      if (!done(pass.stage, mode)) {
        progressing(mode, pass.stages.get(pass.stage));
        return;
      }
      int next = next(pass.stage + 1, mode);
      if (next >= count) {
        for (int i = 0; i < count; i++) {
          if (!done(i, mode)) {
            progressing(mode, pass.stages.get(i));
            return;
          }
        }
        finish(mode);
        return;
      }
      enter(next, mode, true);
    }
  }

  /**
   * Opens stage {@code index} (or finishes, past the last one); false when the walk must stop
   * there.
   */
  private boolean enter(int index, Mode mode, boolean gated) {
    if (index >= pass.stages.size()) {
      finish(mode);
      return false;
    }
    pass.stage = index;
    Stage stage = Stages.stage(pass.plan, index);
    if (stage.approval() && gated) {
      pass.gate = Gate.APPROVAL;
      pass.gateSince = pass.now;
      pass.stageStartedAt = null;
      if (!key(mode).equals(pass.commands.approve())) {
        pass.event(
            "stage "
                + stage.name()
                + (mode == Mode.BACK ? " (rollback)" : "")
                + ": waits for approval: set rolloutControl.approve to \""
                + key(mode)
                + "\"");
      }
      return true;
    }
    pass.gate = Gate.NONE;
    pass.gateSince = null;
    pass.stageStartedAt = pass.now;
    pass.event(
        "stage "
            + stage.name()
            + (mode == Mode.BACK ? ": rollback" : "")
            + " started: "
            + String.join(", ", members(index, mode)));
    return true;
  }

  /** Starts waiting clusters of stage {@code index}, in its order, as far as its concurrency. */
  private void start(int index, Mode mode) {
    List<String> members = members(index, mode);
    int goal = goal(mode);
    int busy = 0;
    for (String name : members) {
      ClusterRollout cluster = pass.clusters.get(name);
      if (cluster.inProgress() && Objects.equals(cluster.assigned(), goal)) {
        busy++;
      }
    }
    int slots = Stages.stage(pass.plan, index).concurrency(members.size()) - busy;
    List<String> started = new ArrayList<>();
    for (String name : members) {
      if (slots <= 0) {
        break;
      }
      ClusterRollout cluster = pass.clusters.get(name);
      if (!Objects.equals(cluster.assigned(), goal) || cluster.is(ClusterState.WAITING)) {
        pass.clusters.put(name, cluster.assign(goal, ClusterState.UPDATING, pass.now));
        started.add(name);
        slots--;
      }
    }
    if (!started.isEmpty()) {
      pass.event(
          "stage "
              + Stages.name(pass.plan, index)
              + ": "
              + String.join(", ", started)
              + " updating to revision "
              + goal
              + (mode == Mode.BACK ? " (rollback)" : ""));
    }
  }

  /** Halts when a started stage has more failures than it tolerates; true if it did. */
  private boolean halt(Mode mode) {
    for (int i = 0; i <= pass.stage && i < pass.stages.size(); i++) {
      if (i == pass.stage && pass.gate == Gate.APPROVAL) {
        break;
      }
      List<String> failures = failures(i, mode, i == pass.stage);
      if (failures.size() > Stages.stage(pass.plan, i).maxFailures()) {
        String why = "stage " + Stages.name(pass.plan, i) + ": " + String.join("; ", failures);
        if (mode == Mode.FORWARD) {
          halted(i, why);
        } else {
          pass.phase = Phase.HALTED;
          pass.stage = i;
          pass.gate = Gate.NONE;
          pass.gateSince = null;
          pass.haltedReason =
              "Rollback to revision "
                  + pass.stable
                  + " failed: "
                  + why
                  + " (after "
                  + pass.haltedReason
                  + ")";
          pass.event("halted: " + pass.haltedReason);
        }
        return true;
      }
    }
    return false;
  }

  /** A forward rollout halts: it rolls back, or it stops for a person to look. */
  private void halted(int index, String why) {
    pass.stage = index;
    if (pass.stable != null && pass.plan.onFailure() == OnFailure.ROLLBACK) {
      pass.phase = Phase.ROLLING_BACK;
      pass.rolledBackFrom = pass.target;
      pass.haltedReason = why;
      pass.event("halted: " + why + "; rolling back to revision " + pass.stable);
      if (enter(next(0, Mode.BACK), Mode.BACK, false)) {
        move(Mode.BACK);
      }
      return;
    }
    pass.phase = Phase.HALTED;
    pass.haltedReason =
        pass.stable == null ? why + "; there is no healthy revision to roll back to" : why;
    String key = key(Mode.FORWARD);
    boolean stale = key.equals(pass.commands.approve());
    pass.gate = stale ? Gate.NONE : Gate.APPROVAL;
    pass.gateSince = stale ? null : pass.now;
    pass.event(
        "halted: "
            + pass.haltedReason
            + (stale
                ? "; to resume, set rolloutControl.approve to something else, then to \""
                    + key
                    + "\""
                : "; set rolloutControl.approve to \"" + key + "\" to resume"));
  }

  /** With no stable revision there is nothing to protect: every cluster at once, no gates. */
  private void everywhere() {
    if (pass.stageStartedAt == null) {
      pass.stageStartedAt = pass.now;
    }
    List<String> started = new ArrayList<>();
    pass.clusters.replaceAll(
        (name, cluster) -> {
          if (cluster.is(ClusterState.GONE)
              || Objects.equals(cluster.assigned(), pass.target)
                  && !cluster.is(ClusterState.WAITING)) {
            return cluster;
          }
          started.add(name);
          return cluster.assign(pass.target, ClusterState.UPDATING, pass.now);
        });
    if (!started.isEmpty()) {
      pass.event(
          "revision "
              + pass.target
              + ": "
              + String.join(", ", started)
              + " updating (no stable revision yet: every cluster at once)");
    }
    int count = pass.stages.size();
    for (int i = 0; i < count; i++) {
      List<String> failures = failures(i, Mode.FORWARD, true);
      if (failures.size() > Stages.stage(pass.plan, i).maxFailures()) {
        halted(i, "stage " + Stages.name(pass.plan, i) + ": " + String.join("; ", failures));
        return;
      }
    }
    List<String> all = new ArrayList<>();
    boolean done = true;
    for (int i = 0; i < count; i++) {
      all.addAll(members(i, Mode.FORWARD));
      done &= done(i, Mode.FORWARD);
    }
    if (done) {
      finish(Mode.FORWARD);
    } else {
      progressing(Mode.FORWARD, all);
    }
  }

  private void finish(Mode mode) {
    pass.gate = Gate.NONE;
    pass.gateSince = null;
    if (mode == Mode.FORWARD) {
      pass.phase = Phase.COMPLETE;
      pass.stable = pass.target;
      pass.haltedReason = null;
      pass.event("revision " + pass.target + " complete: it is the stable revision");
    } else {
      pass.phase = Phase.HALTED;
      pass.haltedReason = "Rolled back to revision " + pass.stable + ": " + pass.haltedReason;
      pass.event(pass.haltedReason);
    }
  }

  /** Waiting on the bake when the stage's clusters only bake; progressing otherwise. */
  private void progressing(Mode mode, List<String> clusters) {
    boolean updating = false;
    boolean baking = false;
    for (String name : clusters) {
      ClusterRollout cluster = pass.clusters.get(name);
      updating |= cluster.is(ClusterState.UPDATING);
      baking |= cluster.is(ClusterState.BAKING);
    }
    if (baking && !updating) {
      if (pass.gate != Gate.BAKE) {
        pass.gate = Gate.BAKE;
        pass.gateSince = pass.now;
      }
    } else {
      pass.gate = Gate.NONE;
      pass.gateSince = null;
    }
    if (mode == Mode.BACK) {
      pass.phase = Phase.ROLLING_BACK;
    } else {
      pass.phase = pass.gate == Gate.BAKE ? Phase.WAITING : Phase.PROGRESSING;
    }
  }

  /**
   * The clusters of stage {@code index} the walk must bring to its goal: forward, all that stay;
   * back, those that left the stable revision (or are on their way back to it).
   */
  private List<String> members(int index, Mode mode) {
    List<String> members = new ArrayList<>();
    for (String name : pass.stages.get(index)) {
      ClusterRollout cluster = pass.clusters.get(name);
      if (cluster == null || cluster.is(ClusterState.GONE)) {
        continue;
      }
      if (mode == Mode.FORWARD
          || !Objects.equals(cluster.assigned(), pass.stable)
          || !cluster.is(ClusterState.WAITING)) {
        members.add(name);
      }
    }
    return members;
  }

  private boolean done(int index, Mode mode) {
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
  private List<String> failures(int index, Mode mode, boolean leavingCounts) {
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
  private int next(int from, Mode mode) {
    int index = from;
    while (index < pass.stages.size() && members(index, mode).isEmpty()) {
      index++;
    }
    return index;
  }

  private int goal(Mode mode) {
    return mode == Mode.FORWARD ? pass.target : pass.stable;
  }

  /** The approval that opens the current stage: {@code "<stage>@<revision it moves to>"}. */
  private String key(Mode mode) {
    return Stages.name(pass.plan, pass.stage) + "@" + goal(mode);
  }
}
