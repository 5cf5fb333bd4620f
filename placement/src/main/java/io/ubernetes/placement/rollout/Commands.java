package io.ubernetes.placement.rollout;

/**
 * Operator actions, from {@code spec.rolloutControl}. They are levels, not events: a value stays in
 * the spec, so each one names what it acts on ({@code "<stage>@<revision>"}, the revision to abort)
 * and is inert once stale. {@code rollbackTo} is handled by the service (it makes a new revision),
 * not here.
 *
 * @param paused true holds the rollout where it is
 * @param approve {@code "<stage>@<revision>"}: approves that stage of that revision's rollout (or
 *     resumes it, if halted there); null for none
 * @param abort the revision whose rollout to abort; null for none
 */
public record Commands(boolean paused, String approve, Integer abort) {
  public static final Commands NONE = new Commands(false, null, null);
}
