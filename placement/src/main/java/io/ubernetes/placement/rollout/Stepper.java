package io.ubernetes.placement.rollout;

import io.ubernetes.placement.rollout.StageMembers.Direction;
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
  private final Pass pass;
  private final StageMembers view;

  Stepper(Pass pass) {
    this.pass = pass;
    this.view = new StageMembers(pass);
  }

  void forward() {
    if (pass.stable == null) {
      everywhere();
      return;
    }
    boolean entered = pass.stageStartedAt != null || pass.gate == Gate.APPROVAL;
    if (!entered && !enter(view.next(0, Direction.FORWARD), Direction.FORWARD, true)) {
      return;
    }
    move(Direction.FORWARD);
  }

  void rollback() {
    move(Direction.BACK);
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
    String key = view.key(Direction.FORWARD);
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

  /**
   * The walk through the stages: opens every stage it may, halts on failures, and only then starts
   * clusters, so that a pass that halts never starts one more cluster on the way. Starting a
   * cluster never finishes a stage, so deciding first loses nothing.
   */
  private void move(Direction mode) {
    int count = pass.stages.size();
    for (int guard = 0; guard <= count; guard++) {
      if (pass.gate == Gate.APPROVAL) {
        String key = view.key(mode);
        if (!key.equals(pass.commands.approve())) {
          break;
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
      if (halt(mode)) {
        return;
      }
      int next = view.next(pass.stage + 1, mode);
      if (!view.done(pass.stage, mode) || next >= count) {
        break;
      }
      enter(next, mode, true);
    }
    if (halt(mode)) {
      return;
    }
    boolean open = pass.gate != Gate.APPROVAL;
    List<String> reached = new ArrayList<>();
    for (int i = 0; i < pass.stage || open && i == pass.stage; i++) {
      start(i, mode);
      reached.addAll(view.members(i, mode));
    }
    if (!open) {
      pass.phase = mode == Direction.FORWARD ? Phase.WAITING : Phase.ROLLING_BACK;
      return;
    }
    boolean done = view.next(pass.stage + 1, mode) >= count;
    for (int i = 0; i < count && done; i++) {
      done = view.done(i, mode);
    }
    if (done) {
      finish(mode);
    } else {
      progressing(mode, reached);
    }
  }

  /**
   * Opens stage {@code index} (or finishes, past the last one); false when the walk must stop
   * there.
   */
  private boolean enter(int index, Direction mode, boolean gated) {
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
      if (!view.key(mode).equals(pass.commands.approve())) {
        pass.event(
            "stage "
                + stage.name()
                + (mode == Direction.BACK ? " (rollback)" : "")
                + ": waits for approval: set rolloutControl.approve to \""
                + view.key(mode)
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
            + (mode == Direction.BACK ? ": rollback" : "")
            + " started: "
            + String.join(", ", view.members(index, mode)));
    return true;
  }

  /** Starts waiting clusters of stage {@code index}, in its order, as far as its concurrency. */
  private void start(int index, Direction mode) {
    List<String> members = view.members(index, mode);
    int goal = view.goal(mode);
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
              + (mode == Direction.BACK ? " (rollback)" : ""));
    }
  }

  /** Halts when a started stage has more failures than it tolerates; true if it did. */
  private boolean halt(Direction mode) {
    for (int i = 0; i <= pass.stage && i < pass.stages.size(); i++) {
      if (i == pass.stage && pass.gate == Gate.APPROVAL) {
        break;
      }
      List<String> failures = view.failures(i, mode, i == pass.stage);
      if (failures.size() > Stages.stage(pass.plan, i).maxFailures()) {
        String why = "stage " + Stages.name(pass.plan, i) + ": " + String.join("; ", failures);
        if (mode == Direction.FORWARD) {
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
      if (enter(view.next(0, Direction.BACK), Direction.BACK, false)) {
        move(Direction.BACK);
      }
      return;
    }
    pass.phase = Phase.HALTED;
    pass.haltedReason =
        pass.stable == null ? why + "; there is no healthy revision to roll back to" : why;
    String key = view.key(Direction.FORWARD);
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
    int count = pass.stages.size();
    for (int i = 0; i < count; i++) {
      List<String> failures = view.failures(i, Direction.FORWARD, true);
      if (failures.size() > Stages.stage(pass.plan, i).maxFailures()) {
        halted(i, "stage " + Stages.name(pass.plan, i) + ": " + String.join("; ", failures));
        return;
      }
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
    List<String> all = new ArrayList<>();
    boolean done = true;
    for (int i = 0; i < count; i++) {
      all.addAll(view.members(i, Direction.FORWARD));
      done &= view.done(i, Direction.FORWARD);
    }
    if (done) {
      finish(Direction.FORWARD);
    } else {
      progressing(Direction.FORWARD, all);
    }
  }

  private void finish(Direction mode) {
    pass.gate = Gate.NONE;
    pass.gateSince = null;
    if (mode == Direction.FORWARD) {
      pass.phase = Phase.COMPLETE;
      pass.stable = pass.target;
      pass.haltedReason = null;
      // Only a cluster that was already leaving when it appeared can still have nothing.
      pass.clusters.replaceAll(
          (name, cluster) ->
              cluster.assigned() == null
                  ? cluster.assign(pass.stable, cluster.state(), cluster.since())
                  : cluster);
      pass.event("revision " + pass.target + " complete: it is the stable revision");
    } else {
      pass.phase = Phase.HALTED;
      pass.haltedReason = "Rolled back to revision " + pass.stable + ": " + pass.haltedReason;
      pass.event(pass.haltedReason);
    }
  }

  /** Waiting on the bake when the stage's clusters only bake; progressing otherwise. */
  private void progressing(Direction mode, List<String> clusters) {
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
    if (mode == Direction.BACK) {
      pass.phase = Phase.ROLLING_BACK;
    } else {
      pass.phase = pass.gate == Gate.BAKE ? Phase.WAITING : Phase.PROGRESSING;
    }
  }
}
