package io.ubernetes.placement;

/**
 * What placement made of one cluster for one workload.
 *
 * @param candidate whether the cluster passed every hard filter
 * @param reason why it did not, with figures where they help; null for a candidate
 * @param capacity the most replicas of the workload it could hold; 0 when filtered
 * @param replicas what it was given
 * @param cost the cost of the replicas it was given, term by term
 * @param nextReplica the cost of one more replica there, term by term: why it was not given more;
 *     null when it could not take more
 */
public record ClusterVerdict(
    String cluster,
    boolean candidate,
    String reason,
    int capacity,
    int replicas,
    CostTerms cost,
    CostTerms nextReplica) {}
