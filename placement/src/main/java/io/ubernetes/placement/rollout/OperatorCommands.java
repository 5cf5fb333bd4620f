package io.ubernetes.placement.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The operator's pause and abort. Both are levels in the spec, so each acts only on the state it
 * names: a pause holds a moving rollout, an abort names the revision it aborts.
 */
final class OperatorCommands {
  private final Pass pass;

  OperatorCommands(Pass pass) {
    this.pass = pass;
  }

  void abort() {
    Integer abort = pass.commands.abort();
    if (abort == null
        || abort != pass.target
        || pass.phase == Phase.COMPLETE
        || pass.phase == Phase.ABORTED) {
      return;
    }
    if (pass.stable == null) {
      pass.events.add(
          "abort of revision "
              + pass.target
              + " ignored: there is no stable revision to go back to; clusters keep revision "
              + pass.target);
      return;
    }
    List<String> reverted = new ArrayList<>();
    pass.clusters.replaceAll(
        (name, cluster) -> {
          if (cluster.is(ClusterState.GONE) || Objects.equals(cluster.assigned(), pass.stable)) {
            return cluster;
          }
          reverted.add(name);
          return cluster.assign(pass.stable, ClusterState.UPDATING, pass.now);
        });
    pass.phase = Phase.ABORTED;
    pass.gate = Gate.NONE;
    pass.gateSince = null;
    pass.haltedReason =
        "Aborted by the operator: back to revision "
            + pass.stable
            + (reverted.isEmpty() ? "" : " on " + String.join(", ", reverted));
    pass.events.add(
        "revision "
            + pass.target
            + " aborted by the operator: "
            + (reverted.isEmpty() ? "no cluster ran it" : String.join(", ", reverted))
            + " back to revision "
            + pass.stable
            + " at once");
  }

  void pause() {
    if (pass.commands.paused()
        && (pass.phase == Phase.PROGRESSING
            || pass.phase == Phase.WAITING
            || pass.phase == Phase.ROLLING_BACK)) {
      pass.phase = Phase.PAUSED;
      pass.events.add("paused by the operator: nothing new starts");
    } else if (!pass.commands.paused() && pass.phase == Phase.PAUSED) {
      pass.phase = pass.rolledBackFrom != null ? Phase.ROLLING_BACK : Phase.PROGRESSING;
      pass.events.add("unpaused by the operator");
    }
  }
}
