package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

/**
 * The replicas of a workload object (Deployment, StatefulSet, ReplicaSet, DaemonSet) as its
 * controller counts them; nothing ready, updated or available while it has no status yet.
 *
 * @param replicas how many it wants: {@code spec.replicas} (1 when unset), a DaemonSet's desired
 *     number scheduled
 * @param ready pods ready
 * @param updated pods that run its current pod template (all of a ReplicaSet's do)
 * @param available pods ready for at least {@code minReadySeconds}
 * @param allReady whether every pod it wants and every pod it has is ready and none is reported
 *     unavailable: only then does it cost no look at its pods
 */
record WorkloadReplicas(int replicas, int ready, int updated, int available, boolean allReady) {
  static final WorkloadReplicas NONE = new WorkloadReplicas(0, 0, 0, 0, true);

  /** The replicas of a live object, or {@link #NONE} for other kinds and missing objects. */
  static WorkloadReplicas of(HasMetadata live) {
    if (live instanceof Deployment d && d.getSpec() != null) {
      int wanted = orDefault(d.getSpec().getReplicas(), 1);
      DeploymentStatus s = d.getStatus();
      if (s == null) {
        return nothingYet(wanted);
      }
      int ready = orZero(s.getReadyReplicas());
      return new WorkloadReplicas(
          wanted,
          ready,
          orZero(s.getUpdatedReplicas()),
          orZero(s.getAvailableReplicas()),
          allReady(wanted, orZero(s.getReplicas()), ready, orZero(s.getUnavailableReplicas())));
    }
    if (live instanceof StatefulSet set && set.getSpec() != null) {
      int wanted = orDefault(set.getSpec().getReplicas(), 1);
      StatefulSetStatus s = set.getStatus();
      if (s == null) {
        return nothingYet(wanted);
      }
      int ready = orZero(s.getReadyReplicas());
      return new WorkloadReplicas(
          wanted,
          ready,
          orZero(s.getUpdatedReplicas()),
          orZero(s.getAvailableReplicas()),
          allReady(wanted, orZero(s.getReplicas()), ready, 0));
    }
    if (live instanceof ReplicaSet r && r.getSpec() != null) {
      int wanted = orDefault(r.getSpec().getReplicas(), 1);
      ReplicaSetStatus s = r.getStatus();
      if (s == null) {
        return nothingYet(wanted);
      }
      int ready = orZero(s.getReadyReplicas());
      int pods = orZero(s.getReplicas());
      // A ReplicaSet has one template: every pod it has runs it.
      return new WorkloadReplicas(
          wanted, ready, pods, orZero(s.getAvailableReplicas()), allReady(wanted, pods, ready, 0));
    }
    if (live instanceof DaemonSet d) {
      DaemonSetStatus s = d.getStatus();
      if (s == null) {
        return NONE;
      }
      int wanted = orZero(s.getDesiredNumberScheduled());
      int ready = orZero(s.getNumberReady());
      return new WorkloadReplicas(
          wanted,
          ready,
          orZero(s.getUpdatedNumberScheduled()),
          orZero(s.getNumberAvailable()),
          allReady(
              wanted,
              orZero(s.getCurrentNumberScheduled()),
              ready,
              orZero(s.getNumberUnavailable())));
    }
    return NONE;
  }

  WorkloadReplicas plus(WorkloadReplicas other) {
    return new WorkloadReplicas(
        replicas + other.replicas,
        ready + other.ready,
        updated + other.updated,
        available + other.available,
        allReady && other.allReady);
  }

  private static WorkloadReplicas nothingYet(int wanted) {
    return new WorkloadReplicas(wanted, 0, 0, 0, wanted == 0);
  }

  /** A surge pod of a rolling update that does not become ready counts too. */
  private static boolean allReady(int wanted, int pods, int ready, int unavailable) {
    return ready >= wanted && ready >= pods && unavailable == 0;
  }

  private static int orZero(Integer value) {
    return orDefault(value, 0);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
