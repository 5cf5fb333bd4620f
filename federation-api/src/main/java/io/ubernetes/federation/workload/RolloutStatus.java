package io.ubernetes.federation.workload;

import java.util.List;

/**
 * How the newest workload revision is being rolled out, as a person wants to see it: which revision
 * runs where, the stage, the gate the rollout waits on and since when, and why it halted.
 *
 * @param currentRevision the stable revision: the newest one that was healthy on every cluster it
 *     was rolled to; absent until one is
 * @param targetRevision the revision being rolled out (after a rollback or an abort, the one that
 *     failed)
 * @param phase {@code Progressing}, {@code Waiting} (on a gate), {@code Paused}, {@code Halted},
 *     {@code RollingBack}, {@code Complete} or {@code Aborted}
 * @param stage the name of the current stage
 * @param gate what a waiting rollout waits on: {@code Bake} or {@code Approval}; absent otherwise
 * @param gateSince since when it waits on the gate
 * @param haltedReason why it halted, rolled back or was aborted
 * @param rolledBackFrom the revision a rollback took clusters away from
 * @param clusters each cluster's revision and update, by name
 */
public record RolloutStatus(
    Integer currentRevision,
    Integer targetRevision,
    String phase,
    String stage,
    String gate,
    String gateSince,
    String haltedReason,
    Integer rolledBackFrom,
    List<ClusterRollout> clusters) {

  public static final String PROGRESSING = "Progressing";
  public static final String WAITING = "Waiting";
  public static final String PAUSED = "Paused";
  public static final String HALTED = "Halted";
  public static final String ROLLING_BACK = "RollingBack";
  public static final String COMPLETE = "Complete";
  public static final String ABORTED = "Aborted";

  public RolloutStatus {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /**
   * One cluster's part of the rollout.
   *
   * @param revision the revision it is assigned; absent while it has none yet
   * @param state {@code Waiting}, {@code Updating}, {@code Baking}, {@code Healthy}, {@code Failed}
   *     or {@code Gone}
   * @param since when it entered the state
   * @param reason why it failed, in the member's own words, or why it waits
   */
  public record ClusterRollout(
      String name, Integer revision, String state, String since, String reason) {}

  /** Whether the rollout still moves or waits on something (not complete, aborted or halted). */
  public boolean inProgress() {
    return PROGRESSING.equals(phase) || WAITING.equals(phase) || ROLLING_BACK.equals(phase);
  }
}
