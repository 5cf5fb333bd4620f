package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * How a Deployment goes from pods of its old templates to pods of its current one, by its strategy.
 * RollingUpdate: at most {@code desired + maxSurge} pods, at least {@code desired - maxUnavailable}
 * of them ready; old pods that are not ready go first, ready ones as new ones become ready.
 * Recreate: every old pod goes before a new one comes.
 *
 * @param desired the Deployment's replicas
 * @param maxSurge how many pods above {@code desired} there may be during a rollout
 * @param maxUnavailable how many of {@code desired} may be unready during a rollout
 * @param recreate whether the strategy is Recreate
 */
record Rollout(int desired, int maxSurge, int maxUnavailable, boolean recreate) {

  /** What to do in one step: bring the new template's pods to a count, remove old pods. */
  record Step(int newPods, int removeOld) {}

  Rollout {
    if (maxSurge == 0 && maxUnavailable == 0) {
      // The API server rejects this; as a fallback, let one pod be replaced at a time.
      maxUnavailable = 1;
    }
  }

  /** The Deployment's strategy with Kubernetes' defaults (RollingUpdate, 25% and 25%). */
  static Rollout of(Deployment deployment) {
    int desired = replicas(deployment.getSpec().getReplicas());
    DeploymentStrategy strategy = deployment.getSpec().getStrategy();
    if (strategy != null && "Recreate".equals(strategy.getType())) {
      return new Rollout(desired, 0, desired, true);
    }
    RollingUpdateDeployment rolling = strategy == null ? null : strategy.getRollingUpdate();
    IntOrString surge = rolling == null ? null : rolling.getMaxSurge();
    IntOrString unavailable = rolling == null ? null : rolling.getMaxUnavailable();
    return new Rollout(
        desired, scaled(surge, desired, true), scaled(unavailable, desired, false), false);
  }

  /**
   * @param newPods pods of the current template
   * @param newReady how many of them are ready
   * @param oldPods pods of earlier templates
   * @param oldReady how many of them are ready
   */
  Step step(int newPods, int newReady, int oldPods, int oldReady) {
    if (oldPods == 0) {
      return new Step(desired, 0);
    }
    if (recreate) {
      return new Step(Math.min(newPods, desired), oldPods);
    }
    int roomForNew = Math.min(desired, desired + maxSurge - oldPods);
    int newTarget = Math.max(Math.min(newPods, desired), Math.max(0, roomForNew));
    int minAvailable = desired - maxUnavailable;
    int removableReady = Math.max(0, newReady + oldReady - minAvailable);
    return new Step(newTarget, oldPods - oldReady + Math.min(oldReady, removableReady));
  }

  static int replicas(Integer replicas) {
    return replicas == null ? 1 : Math.max(0, replicas);
  }

  /** An absolute number, or a percentage of {@code desired} rounded up or down; 25% if unset. */
  static int scaled(IntOrString value, int desired, boolean roundUp) {
    if (value == null) {
      return scaled(new IntOrString("25%"), desired, roundUp);
    }
    if (value.getIntVal() != null) {
      return Math.max(0, value.getIntVal());
    }
    String text = value.getStrVal();
    if (text == null || !text.endsWith("%")) {
      return scaled(null, desired, roundUp);
    }
    int percent;
    try {
      percent = Integer.parseInt(text.substring(0, text.length() - 1));
    } catch (NumberFormatException e) {
      return scaled(null, desired, roundUp);
    }
    long times = (long) Math.max(0, percent) * desired;
    return (int) (roundUp ? (times + 99) / 100 : times / 100);
  }
}
