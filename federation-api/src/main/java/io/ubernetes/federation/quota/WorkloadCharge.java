package io.ubernetes.federation.quota;

/**
 * What one FederatedWorkload is charged against its namespace's quotas.
 *
 * @param amounts what it asks for in full, as admission and {@code status.admitted} count it
 * @param memberMaxReplicas the most replicas the members' autoscalers may run of it in one cluster,
 *     as {@code amounts} counts them; 0 when the federation sets its replicas
 */
record WorkloadCharge(QuotaAmounts amounts, int memberMaxReplicas) {

  /** The charge of a workload whose replicas the federation sets. */
  static WorkloadCharge of(QuotaAmounts amounts) {
    return new WorkloadCharge(amounts, 0);
  }
}
