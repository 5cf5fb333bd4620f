package io.ubernetes.scheduling;

import io.ubernetes.api.workload.FederatedWorkload;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.Resources;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One workload's outcome of a scheduling pass, ready to be written.
 *
 * @param committed replicas per cluster to commit: the decision's, plus replicas kept on failed
 *     clusters when nothing else may take them
 * @param previous what the ledger held before
 * @param problems the decision's problems and what was kept where
 */
record ScheduledWorkload(
    UUID uid,
    FederatedWorkload workload,
    long policyVersion,
    Resources perReplica,
    Decision decision,
    Map<String, Integer> committed,
    Map<String, Integer> previous,
    List<String> problems) {}
