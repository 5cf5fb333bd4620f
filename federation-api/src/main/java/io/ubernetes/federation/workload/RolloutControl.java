package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An operator's actions on a workload's rollout, written in the spec so that {@code kubectl patch}
 * and audit see them. Each action names the revision it is meant for, so a stale one does nothing.
 *
 * @param paused while true, the rollout makes no progress (level-triggered)
 * @param approve {@code <stage>@<revision>}: approves that stage of that revision's rollout
 * @param abort aborts the rollout of this revision; updated clusters return to the stable revision
 * @param rollbackTo replaces the template, resources and overrides with this kept revision's
 *     content, making a new revision; consumed when the workload is written
 */
public record RolloutControl(
    @Schema(defaultValue = "false") Boolean paused,
    @Schema(example = "eu@3", pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?@[1-9][0-9]*$")
        String approve,
    @Schema(minimum = "1") Integer abort,
    @Schema(minimum = "1") Integer rollbackTo) {

  /** Whether the rollout is paused. */
  public boolean isPaused() {
    return Boolean.TRUE.equals(paused);
  }
}
