package io.ubernetes.federation.workload;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import java.time.Instant;
import java.util.List;

/**
 * The conditions a rollout gives a workload, in the Kubernetes style: {@code RolloutProgressing}
 * (True while a revision is on its way, through a gate or back to the stable one) and {@code
 * RolloutHalted} (True when a failure stopped it, with why).
 */
final class RolloutConditions {
  private RolloutConditions() {}

  static List<Condition> of(
      List<Condition> conditions, RolloutStatus rollout, long generation, Instant now) {
    String phase = rollout.phase();
    conditions =
        Conditions.set(
            conditions,
            "RolloutProgressing",
            rollout.inProgress() ? "True" : "False",
            phase,
            progress(rollout),
            generation,
            now);
    boolean halted = RolloutStatus.HALTED.equals(phase);
    return Conditions.set(
        conditions,
        "RolloutHalted",
        halted ? "True" : "False",
        halted ? (rollout.rolledBackFrom() != null ? "RolledBack" : "Halted") : "NotHalted",
        halted
            ? rollout.haltedReason()
            : "the rollout of revision " + rollout.targetRevision() + " is not halted",
        generation,
        now);
  }

  private static String progress(RolloutStatus rollout) {
    String target = "revision " + rollout.targetRevision();
    return switch (rollout.phase()) {
      case RolloutStatus.PROGRESSING -> "rolling out " + target + ", stage " + rollout.stage();
      case RolloutStatus.WAITING ->
          "rolling out "
              + target
              + ", stage "
              + rollout.stage()
              + ": waiting for "
              + ("Approval".equals(rollout.gate()) ? "approval" : "the bake time")
              + " since "
              + rollout.gateSince();
      case RolloutStatus.ROLLING_BACK ->
          "rolling back from revision "
              + rollout.rolledBackFrom()
              + " to revision "
              + rollout.currentRevision()
              + (rollout.haltedReason() == null ? "" : ": " + rollout.haltedReason());
      case RolloutStatus.COMPLETE -> target + " runs on every cluster";
      case RolloutStatus.PAUSED -> "the rollout of " + target + " is paused";
      case RolloutStatus.ABORTED ->
          "the rollout of "
              + target
              + " was aborted"
              + (rollout.haltedReason() == null ? "" : ": " + rollout.haltedReason());
      default ->
          "the rollout of "
              + target
              + " halted"
              + (rollout.haltedReason() == null ? "" : ": " + rollout.haltedReason());
    };
  }
}
