package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Who decides the number of replicas in each member cluster.
 *
 * @param mode {@code Member}: an autoscaler in each member (a HorizontalPodAutoscaler among the
 *     workload's resources) owns the replicas there; the federation places the workload, sets each
 *     cluster's share as its starting count, and from then on never resets it, and the workload's
 *     status reports the members' counts
 */
public record Autoscaling(@Schema(allowableValues = {MEMBER}) String mode) {
  public static final String MEMBER = "Member";

  /** Whether the members' autoscalers own the replicas. */
  public boolean byMembers() {
    return MEMBER.equals(mode);
  }
}
