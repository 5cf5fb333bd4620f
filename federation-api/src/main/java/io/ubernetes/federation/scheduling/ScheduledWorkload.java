package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.Resources;
import java.util.List;
import java.util.UUID;

/**
 * One workload's outcome of a scheduling pass, ready to be written.
 *
 * @param shares what clusters are to run now and what the decision wants: the decision's replicas,
 *     plus replicas kept on failed or drained clusters when nothing else may take them, reached
 *     make-before-break
 * @param previous what the ledger held before
 * @param problems the decision's problems and what was kept where
 * @param moving what a move in progress waits for; empty when replicas run where they are wanted
 * @param desiredReplicas the replicas the workload asks for in all
 * @param spread whether its placement asks for a spread over topology groups
 * @param reconsidered whether replicas waited too long for a node since the stored decision, which
 *     is then written again even if it did not change
 * @param holds clusters to hold back from the workload, whose replicas waited there too long
 * @param ledgerPerReplica what the ledger counts per replica now; null when it has no rows
 */
record ScheduledWorkload(
    UUID uid,
    FederatedWorkload workload,
    long policyVersion,
    Resources perReplica,
    Decision decision,
    PlacementRepository.Shares shares,
    PlacementRepository.Shares previous,
    List<String> problems,
    String moving,
    int desiredReplicas,
    boolean spread,
    boolean reconsidered,
    List<PlacementRepository.Hold> holds,
    Resources ledgerPerReplica) {

  /** Whether the ledger counts each replica at other resources than the pass's. */
  boolean unitChanged() {
    return ledgerPerReplica != null && !ledgerPerReplica.equals(perReplica);
  }
}
