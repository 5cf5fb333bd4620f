package io.ubernetes.federation.scheduling;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A step the scheduler takes in each pass's transaction after the placement decisions are written,
 * under the same epoch: what follows from a placement over time rather than at once, such as a
 * rollout that brings a new workload revision to the committed clusters stage by stage.
 *
 * <p>Locks follow the order {@link DecisionWriter} documents: the workloads the step will write are
 * named first ({@link #toLock}) and locked with the pass's own in one go, before any work is
 * written; the step itself locks only those, or any when the pass wrote nothing.
 */
public interface AfterPlacement {

  /**
   * The workloads the step will look at whatever the pass decides; read in the pass's transaction.
   */
  Set<UUID> toLock();

  /**
   * Takes the step.
   *
   * @param pass what the pass did and knows of the fleet
   * @return the workloads to watch and when to run again
   */
  Outcome after(Pass pass);

  /**
   * What one pass did and knows.
   *
   * @param epoch the scheduler's epoch, already checked in this transaction
   * @param locked {@link #toLock} as it was asked, and the workloads whose decision the pass
   *     changed; all locked by this transaction when {@code lockedAlready}
   * @param lockedAlready whether the pass locked {@code locked} (and may hold the work lock)
   * @param clusterLabels the labels of every cluster of the fleet, by name
   * @param leaving the fleet's failed or drained clusters, whose replicas move elsewhere, with why
   * @param committed the replicas per cluster that clusters are told to run, of these workloads
   */
  record Pass(
      long epoch,
      Set<UUID> locked,
      boolean lockedAlready,
      Map<String, Map<String, String>> clusterLabels,
      Map<String, String> leaving,
      Committed committed,
      Instant now) {}

  /** Reads the committed replicas of workloads. */
  @FunctionalInterface
  interface Committed {
    Map<UUID, Map<String, Integer>> of(Collection<UUID> workloads);
  }

  /**
   * @param watched the workloads ({@code namespace/name}) whose clusters' reports should wake the
   *     scheduler
   * @param wakeAt when the next pass must run even if nothing happens
   */
  record Outcome(Set<String> watched, Optional<Instant> wakeAt) {
    public static final Outcome NONE = new Outcome(Set.of(), Optional.empty());

    public Outcome {
      watched = Set.copyOf(watched);
    }
  }
}
