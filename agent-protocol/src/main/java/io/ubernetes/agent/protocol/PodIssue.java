package io.ubernetes.agent.protocol;

/**
 * Pods of a workload that do not run as they should in the member cluster, grouped by the member's
 * own reason.
 *
 * @param reason {@value #UNSCHEDULABLE} (no node can take the pod: {@code PodScheduled=False}), the
 *     waiting reason of a container ({@code ImagePullBackOff}, {@code ErrImagePull}, {@code
 *     CrashLoopBackOff}, {@code CreateContainerConfigError}, ...), the reason a pod failed, or
 *     {@value #JOB_FAILED}
 * @param message the member's message about one of them, e.g. {@code 0/4 nodes are available: 4
 *     Insufficient cpu.}
 * @param pods how many pods have this reason; for {@value #JOB_FAILED}, the Job's failed pods
 * @param since when the first of them came to be so (RFC 3339): for {@value #UNSCHEDULABLE}, when
 *     its {@code PodScheduled} condition became False; null when the member does not tell
 */
public record PodIssue(String reason, String message, int pods, String since) {
  /** The reason of pods that no node of the member cluster can take. */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /**
   * The reason of a Job that failed as a whole (its {@code Failed} condition is True); the message
   * is the condition's.
   */
  public static final String JOB_FAILED = "JobFailed";
}
