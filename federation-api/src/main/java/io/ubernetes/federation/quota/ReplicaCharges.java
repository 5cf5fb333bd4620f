package io.ubernetes.federation.quota;

import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * What the scheduler counts per replica of a workload: what admission charges per replica ({@link
 * ChargeCalculator}), overrides included, so that the budgets it places within, the ledger's units
 * and the quotas' {@code used} count what admission lets a workload ask for, and a replica raised
 * by an override in some cluster is never placed beyond a quota.
 */
@Component
public class ReplicaCharges {
  private final ChargeCalculator calculator;

  ReplicaCharges(ChargeCalculator calculator) {
    this.calculator = calculator;
  }

  /**
   * Charges the replicas of workloads against one reading of the fleet, made when a workload first
   * needs it: for the workloads of one pass, in its transaction.
   */
  public Function<FederatedWorkload, ReplicaCharge> reading() {
    ChargeCalculator.FleetReading fleet = calculator.fleetReading();
    return workload ->
        calculator.perReplica(ChargeCalculator.subject(workload), workload.spec(), fleet);
  }

  /**
   * What one replica of a workload that is not stored, a simulation's, is charged: as the workload
   * would be, by the override policies that select it by namespace, name and labels and by its own
   * overrides, over the member clusters as they are.
   */
  public ReplicaCharge unstored(
      String namespace, String name, Map<String, String> labels, WorkloadSpec spec) {
    return calculator.perReplica(
        new RevisionSource.Subject(null, namespace, name, labels), spec, calculator.fleetReading());
  }
}
