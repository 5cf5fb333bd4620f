package io.ubernetes.placement.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Clusters joining, leaving and coming back during a rollout: one that joins runs the stable
 * revision until its stage comes, one that leaves never blocks a stage, and replicas that fail over
 * keep the revision they ran, so that a failover is never also an update.
 */
final class FleetChanges {
  private final Pass pass;

  FleetChanges(Pass pass) {
    this.pass = pass;
  }

  /** Clusters the scheduler no longer commits the workload to are dropped. */
  void departures() {
    List<String> absent = new ArrayList<>();
    for (String name : pass.clusters.keySet()) {
      if (!pass.input.clusters().containsKey(name)) {
        absent.add(name);
      }
    }
    for (String name : absent) {
      pass.clusters.remove(name);
      pass.events.add(name + " no longer runs the workload");
    }
  }

  /** Clusters join, leave, and come back; replicas that fail over keep their revision. */
  void arrivals() {
    Integer failover = failoverRevision();
    for (ClusterObservation report : pass.input.clusters().values()) {
      String name = report.cluster();
      ClusterRollout known = pass.clusters.get(name);
      if (report.leaving()) {
        if (known == null) {
          pass.clusters.put(
              name,
              ClusterRollout.of(pass.stable, ClusterState.GONE, pass.now)
                  .inStage(pass.stageOf(name)));
        } else if (!known.is(ClusterState.GONE)) {
          pass.clusters.put(
              name, known.to(ClusterState.GONE, pass.now, "leaving (failed or drained)"));
          pass.events.add(pass.prefix(name) + name + " is leaving (failed or drained)");
        }
        continue;
      }
      if (known == null || known.is(ClusterState.GONE)) {
        // One that comes back is as one that joins: its replicas left, it starts afresh.
        Integer revision = failover != null ? failover : pass.stable;
        pass.clusters.put(name, arrived(revision).inStage(pass.stageOf(name)));
        pass.events.add(
            pass.prefix(name)
                + name
                + (known == null ? " joined" : " is back")
                + (revision == null ? "" : ", running revision " + revision)
                + (failover != null ? " (replicas failing over keep their revision)" : ""));
      }
    }
  }

  /** A cluster new to the rollout: updating if it already runs what the rollout aims at. */
  private ClusterRollout arrived(Integer revision) {
    boolean atGoal =
        revision != null
            && (revision == pass.target && (pass.phase == Phase.COMPLETE || pass.moving())
                || revision.equals(pass.stable) && pass.phase == Phase.ABORTED);
    return ClusterRollout.of(
        revision, atGoal ? ClusterState.UPDATING : ClusterState.WAITING, pass.now);
  }

  /**
   * The oldest revision the leaving clusters run: replicas that move away run it elsewhere, so that
   * a failover is not also an update. A rollout that must not spread its target (halted, paused,
   * rolling back) sends the stable revision instead; so does one that is over (complete or
   * aborted), where nothing would ever update the cluster again and the stable revision is healthy
   * everywhere. Null for none.
   */
  private Integer failoverRevision() {
    if (pass.phase == Phase.COMPLETE || pass.phase == Phase.ABORTED) {
      return null;
    }
    Integer oldest = null;
    for (ClusterObservation report : pass.input.clusters().values()) {
      ClusterRollout known = pass.clusters.get(report.cluster());
      if (report.leaving() && known != null && known.assigned() != null) {
        oldest = oldest == null ? known.assigned() : Math.min(oldest, known.assigned());
      }
    }
    if (oldest != null && oldest == pass.target && !pass.moving()) {
      return pass.stable;
    }
    return oldest;
  }
}
