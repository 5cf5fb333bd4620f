package io.ubernetes.placement;

/**
 * What placement made of one cluster for one workload.
 *
 * @param candidate whether the cluster passed every hard filter
 * @param reason why it did not, with figures where they help; null for a candidate
 * @param capacity the most replicas of the workload it could hold, as far as they matter: where its
 *     nodes hold more, counted up to what it runs and the workload's replicas besides; 0 when
 *     filtered
 * @param replicas what it was given
 * @param cost the cost of the replicas it was given, term by term
 * @param nextReplica the cost of one more replica there, term by term: why it was not given more;
 *     null when it could not take more
 * @param pricePerHour what the replicas given there cost per hour, in the currency of the clusters'
 *     prices; null when filtered
 * @param utilizationPercent how full the cluster is with the replicas given there, in percent of
 *     its allocatable resources (the fullest of cpu, memory and pods); null when filtered
 * @param quota why a budget gave it fewer replicas than it could have taken, e.g. {@code quota
 *     compute: pods 10/10 used}; null when none did
 */
public record ClusterVerdict(
    String cluster,
    boolean candidate,
    String reason,
    int capacity,
    int replicas,
    CostTerms cost,
    CostTerms nextReplica,
    Double pricePerHour,
    Double utilizationPercent,
    String quota) {}
