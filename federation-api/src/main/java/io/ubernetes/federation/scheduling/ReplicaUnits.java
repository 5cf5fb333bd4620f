package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.quota.ReplicaCharge;
import io.ubernetes.federation.quota.ReplicaCharges;
import io.ubernetes.federation.scheduling.PlacementRepository.Indexed;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.placement.Cluster;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What one replica of each workload counts for the scheduler: what admission charges per replica
 * ({@link ReplicaCharges}), the largest request over the clusters it may land on once override
 * policies and its inline overrides apply. Counting it renders the workload's overrides and reads
 * the policies, so each workload's is kept with the versions of what decides it (its generation,
 * its newest revision, its placement policy's revision and, when overrides make it depend on the
 * clusters, the fleet's labels and tenancy) and counted again only when one of them moved: a pass
 * does not render every workload again.
 *
 * <p>A workload's newest revision moves without a change of its spec when override policies that
 * select it are written or its labels bring it under others: {@link #revised} tells the scheduler
 * to place it again, so that a raised request is placed within its namespace's quotas at once. Used
 * by the scheduler's thread alone.
 */
@Component
class ReplicaUnits {
  private final ReplicaCharges charges;

  /** By workload, as passes that committed counted them. */
  private final Map<UUID, Counted> counted = new HashMap<>();

  private String fleetKey;
  private long fleetVersion;

  ReplicaUnits(ReplicaCharges charges) {
    this.charges = charges;
  }

  /** A workload's charge per replica, and the versions it was counted at. */
  private record Counted(
      long generation, int revision, long policyVersion, long fleetVersion, ReplicaCharge charge) {

    boolean current(Indexed workload, long fleet) {
      return generation == workload.generation()
          && revision == workload.revision()
          && policyVersion == workload.policyVersion()
          && (!charge.byCluster() || fleetVersion == fleet);
    }
  }

  /**
   * Whether the workload has a newer revision than its unit was counted at by a committed pass;
   * false for one never counted (a scheduler's first pass places every workload).
   */
  synchronized boolean revised(Indexed workload) {
    Counted known = counted.get(workload.uid());
    return known != null && known.revision() != workload.revision();
  }

  /** Forgets the workloads deleted since. */
  synchronized void retain(List<Indexed> workloads) {
    Set<UUID> present = new HashSet<>();
    workloads.forEach(workload -> present.add(workload.uid()));
    counted.keySet().retainAll(present);
  }

  private synchronized void remember(Map<UUID, Counted> units) {
    counted.putAll(units);
  }

  /** Counts units for one pass over this fleet, in its transaction. */
  Pass pass(Fleet fleet) {
    return new Pass(fleetVersion(fleet), charges.reading());
  }

  /** The version of what a unit that depends on the clusters reads of the fleet. */
  private synchronized long fleetVersion(Fleet fleet) {
    StringBuilder key = new StringBuilder(fleet.tenancy().fingerprint());
    fleet.clusters().stream()
        .sorted(Comparator.comparing(Cluster::name))
        .forEach(
            cluster ->
                key.append('\n')
                    .append(cluster.name())
                    .append(' ')
                    .append(new TreeMap<>(cluster.labels())));
    String now = key.toString();
    if (!now.equals(fleetKey)) {
      fleetKey = now;
      fleetVersion++;
    }
    return fleetVersion;
  }

  /** The units of one pass: those still current are reused, the others counted. */
  final class Pass {
    private final long fleet;
    private final Function<FederatedWorkload, ReplicaCharge> reading;
    private final Map<UUID, Counted> fresh = new HashMap<>();

    private Pass(long fleet, Function<FederatedWorkload, ReplicaCharge> reading) {
      this.fleet = fleet;
      this.reading = reading;
    }

    ReplicaCharge of(Indexed indexed, FederatedWorkload workload) {
      Counted known;
      synchronized (ReplicaUnits.this) {
        known = counted.get(indexed.uid());
      }
      if (known == null || !known.current(indexed, fleet)) {
        known =
            new Counted(
                indexed.generation(),
                indexed.revision(),
                indexed.policyVersion(),
                fleet,
                reading.apply(workload));
      }
      fresh.put(indexed.uid(), known);
      return known.charge();
    }

    /**
     * Keeps the units of these workloads, once the pass's transaction commits: those whose
     * decisions it hands to be written, so that {@link #revised} compares with what the ledger
     * counts.
     */
    void keep(Set<UUID> workloads) {
      Map<UUID, Counted> kept = new HashMap<>();
      workloads.forEach(
          uid -> {
            Counted unit = fresh.get(uid);
            if (unit != null) {
              kept.put(uid, unit);
            }
          });
      if (!TransactionSynchronizationManager.isSynchronizationActive()) {
        remember(kept);
        return;
      }
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              remember(kept);
            }
          });
    }
  }
}
