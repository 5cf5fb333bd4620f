package io.ubernetes.federation.rollout;

import io.ubernetes.federation.workload.RolloutStatus;
import io.ubernetes.placement.rollout.ClusterRollout;
import io.ubernetes.placement.rollout.Gate;
import io.ubernetes.placement.rollout.RolloutPlan;
import io.ubernetes.placement.rollout.RolloutState;
import io.ubernetes.placement.rollout.Stages;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rollout machine's state in the words of the API: the workload's {@code status.rollout}. */
final class RolloutViews {
  private RolloutViews() {}

  static RolloutStatus status(RolloutPlan plan, RolloutState state) {
    List<RolloutStatus.ClusterRollout> clusters = new ArrayList<>();
    for (Map.Entry<String, ClusterRollout> entry : state.clusters().entrySet()) {
      ClusterRollout cluster = entry.getValue();
      clusters.add(
          new RolloutStatus.ClusterRollout(
              entry.getKey(),
              cluster.assigned(),
              words(cluster.state().name()),
              time(cluster.since()),
              cluster.reason()));
    }
    return new RolloutStatus(
        state.stable(),
        state.target(),
        words(state.phase().name()),
        Stages.name(plan, state.stage()),
        state.gate() == Gate.NONE ? null : words(state.gate().name()),
        state.gate() == Gate.NONE ? null : time(state.gateSince()),
        state.haltedReason(),
        state.rolledBackFrom(),
        clusters);
  }

  /** {@code ROLLING_BACK} as {@code RollingBack}. */
  static String words(String constant) {
    StringBuilder words = new StringBuilder();
    for (String word : constant.split("_")) {
      words.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return words.toString();
  }

  /** In seconds, as Kubernetes writes times. */
  static String time(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
