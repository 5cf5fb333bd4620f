package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.scheduling.PlacementRepository.Indexed;
import io.ubernetes.federation.scheduling.PlacementRepository.NewShares;
import io.ubernetes.federation.scheduling.PlacementRepository.Pending;
import io.ubernetes.federation.scheduling.PlacementRepository.Shares;
import io.ubernetes.federation.scheduling.PlacementRepository.StoredDecision;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.placement.Resources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the active scheduler knows of its own tables between passes: the capacity ledger (each
 * workload's shares and what one of its replicas counts) and the stored decisions, and the
 * workloads decoded at their latest revision. The scheduler is the only writer of the ledger and
 * the decisions; the only other change to them is a workload's deletion, whose rows go with it, and
 * each pass drops the workloads it no longer finds. So a pass reads them from here instead of from
 * the database, where re-reading every workload's rows cost more than placing them.
 *
 * <p>Read in full when a scheduler takes the lease (each epoch starts from the database, which the
 * previous holder may have changed since), and again after any pass that did not commit: the copy
 * follows only what committed. Used by the scheduler's thread alone.
 */
@Component
class SchedulerState {
  private final PlacementRepository repository;
  private long epoch = -1;
  private final Map<UUID, Shares> shares = new HashMap<>();
  private final Map<UUID, Resources> units = new HashMap<>();
  private final Map<UUID, StoredDecision> decisions = new HashMap<>();
  private final Map<UUID, FederatedWorkload> decoded = new HashMap<>();

  SchedulerState(PlacementRepository repository) {
    this.repository = repository;
  }

  /** Reads the ledger and the decisions from the database unless they were read in this epoch. */
  synchronized void ensure(long epoch) {
    if (this.epoch == epoch) {
      return;
    }
    invalidate();
    shares.putAll(repository.shares());
    units.putAll(repository.units());
    decisions.putAll(repository.decisions());
    this.epoch = epoch;
  }

  /** Forgets everything: the next pass reads it all again. */
  synchronized void invalidate() {
    epoch = -1;
    shares.clear();
    units.clear();
    decisions.clear();
    decoded.clear();
  }

  /** Drops the workloads deleted since: the database dropped their rows with them. */
  synchronized void retain(List<Indexed> workloads) {
    Set<UUID> present = new HashSet<>();
    workloads.forEach(workload -> present.add(workload.uid()));
    shares.keySet().retainAll(present);
    units.keySet().retainAll(present);
    decisions.keySet().retainAll(present);
    decoded.keySet().retainAll(present);
  }

  /**
   * What the ledger commits on each cluster, as {@link PlacementRepository#committedByCluster}
   * counts it: the larger of what runs and what is wanted, plus what members report beyond it.
   */
  synchronized Map<String, Resources> committed(Map<String, Resources> reportedBeyond) {
    Map<String, long[]> sums = new HashMap<>();
    reportedBeyond.forEach((cluster, amount) -> add(sums, cluster, 1, amount));
    shares.forEach(
        (uid, share) -> {
          Resources unit = units.get(uid);
          Set<String> clusters = new HashSet<>(share.running().keySet());
          clusters.addAll(share.target().keySet());
          for (String cluster : clusters) {
            long replicas =
                Math.max(
                    share.running().getOrDefault(cluster, 0),
                    share.target().getOrDefault(cluster, 0));
            add(sums, cluster, replicas, unit);
          }
        });
    Map<String, Resources> committed = new HashMap<>();
    sums.forEach((cluster, sum) -> committed.put(cluster, new Resources(sum[0], sum[1], sum[2])));
    return committed;
  }

  private static void add(Map<String, long[]> sums, String cluster, long times, Resources unit) {
    long[] sum = sums.computeIfAbsent(cluster, c -> new long[3]);
    sum[0] += times * unit.cpuMillis();
    sum[1] += times * unit.memoryBytes();
    sum[2] += times * unit.pods();
  }

  /** Every workload's shares, keyed by uid, for those that have any. */
  synchronized Map<UUID, Shares> shares() {
    return Collections.unmodifiableMap(shares);
  }

  /** The resources per replica the ledger counts for these workloads, for those that have rows. */
  synchronized Map<UUID, Resources> units(Collection<UUID> workloads) {
    return of(units, workloads);
  }

  /** These workloads' stored decisions without their explanations, keyed by uid. */
  synchronized Map<UUID, StoredDecision> decisions(Collection<UUID> workloads) {
    return of(decisions, workloads);
  }

  /** The entries of these workloads, for those that have one. */
  private static <V> Map<UUID, V> of(Map<UUID, V> all, Collection<UUID> workloads) {
    Map<UUID, V> mine = new HashMap<>();
    workloads.forEach(
        uid -> {
          V value = all.get(uid);
          if (value != null) {
            mine.put(uid, value);
          }
        });
    return mine;
  }

  /**
   * Workloads never placed, whose spec or policy changed since their decision, whose burst
   * scale-back is pending, whose replicas are moving, or that have replicas which waited for a node
   * longer than the grace period since their decision, or that {@code revised} names; in the order
   * of {@code workloads}.
   *
   * @param grace how long replicas may wait for a node before they are placed elsewhere
   * @param waitingSince the workloads whose replicas waited for a node longer than {@code grace},
   *     each with the latest time they began to wait
   * @param revised whether a workload has a revision newer than its unit was counted at (its
   *     override policies changed: see {@link ReplicaUnits#revised})
   */
  synchronized List<Pending> pending(
      List<Indexed> workloads,
      Duration grace,
      Map<UUID, Instant> waitingSince,
      Predicate<Indexed> revised) {
    List<Pending> pending = new ArrayList<>();
    for (Indexed workload : workloads) {
      StoredDecision decision = decisions.get(workload.uid());
      Instant waiting = waitingSince.get(workload.uid());
      if (decision == null
          || decision.workloadGeneration() != workload.generation()
          || decision.policyVersion() != workload.policyVersion()
          || decision.scaleBackPendingSince() != null
          || shares.getOrDefault(workload.uid(), Shares.NONE).moving()
          || (waiting != null && decision.decidedAt().isBefore(waiting.plus(grace)))
          || revised.test(workload)) {
        pending.add(pendingOf(workload, decision));
      }
    }
    return pending;
  }

  /** Every workload, for a full pass; or those of these namespaces, namespaced kinds only. */
  synchronized List<Pending> all(List<Indexed> workloads, Set<String> namespaces) {
    List<Pending> all = new ArrayList<>();
    for (Indexed workload : workloads) {
      if (namespaces == null
          || (FederatedWorkload.KIND.equals(workload.kind())
              && namespaces.contains(workload.namespace()))) {
        all.add(pendingOf(workload, decisions.get(workload.uid())));
      }
    }
    return all;
  }

  private static Pending pendingOf(Indexed workload, StoredDecision decision) {
    return new Pending(
        workload.uid(), workload.policyVersion(), decision == null ? workload.created() : null);
  }

  /**
   * The workloads decoded earlier that are still at the revision {@code workloads} gives them; the
   * others are for the caller to read, and to hand to {@link #keepDecoded(Map)}.
   */
  synchronized Map<UUID, FederatedWorkload> decoded(Map<UUID, Long> revisions) {
    Map<UUID, FederatedWorkload> current = new HashMap<>();
    revisions.forEach(
        (uid, revision) -> {
          FederatedWorkload known = decoded.get(uid);
          if (known != null && Long.toString(revision).equals(known.metadata().resourceVersion())) {
            current.put(uid, known);
          }
        });
    return current;
  }

  /** Keeps workloads as decoded at their revision, for the passes after this one. */
  synchronized void keepDecoded(Map<UUID, FederatedWorkload> workloads) {
    decoded.putAll(workloads);
  }

  /**
   * Takes a pass's writes in once its transaction commits; forgets everything if it rolls back (the
   * database may then hold anything the pass wrote before it failed, or nothing).
   */
  void written(long epoch, List<NewShares> newShares, List<StoredDecision> newDecisions) {
    List<NewShares> sharesCopy = List.copyOf(newShares);
    List<StoredDecision> decisionsCopy = List.copyOf(newDecisions);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
              apply(epoch, sharesCopy, decisionsCopy);
            } else {
              invalidate();
            }
          }
        });
  }

  private synchronized void apply(
      long epoch, List<NewShares> newShares, List<StoredDecision> newDecisions) {
    if (this.epoch != epoch) {
      // Read from the database in another epoch, or not at all: the next pass reads it again.
      invalidate();
      return;
    }
    for (NewShares change : newShares) {
      Shares stored =
          new Shares(positive(change.shares().running()), positive(change.shares().target()));
      if (stored.running().isEmpty() && stored.target().isEmpty()) {
        shares.remove(change.workload());
        units.remove(change.workload());
      } else {
        shares.put(change.workload(), stored);
        units.put(change.workload(), change.perReplica());
      }
    }
    for (StoredDecision decision : newDecisions) {
      // As the database keeps it: to the microsecond, the explanation left out as reads do.
      decisions.put(
          decision.workload(),
          new StoredDecision(
              decision.workload(),
              decision.workloadGeneration(),
              decision.policyVersion(),
              decision.decidedAt().truncatedTo(ChronoUnit.MICROS),
              decision.outcome(),
              decision.summary(),
              null,
              decision.scaleBackPendingSince() == null
                  ? null
                  : decision.scaleBackPendingSince().truncatedTo(ChronoUnit.MICROS)));
    }
  }

  /** The replicas per cluster the ledger keeps rows for. */
  private static Map<String, Integer> positive(Map<String, Integer> replicas) {
    Map<String, Integer> positive = new TreeMap<>();
    replicas.forEach(
        (cluster, count) -> {
          if (count > 0) {
            positive.put(cluster, count);
          }
        });
    return positive;
  }

  /**
   * What this copy holds, for comparison with a recount from the database.
   *
   * @param epoch the epoch it was read in; -1 if it is not read
   */
  record Snapshot(
      long epoch,
      Map<UUID, Shares> shares,
      Map<UUID, Resources> units,
      Map<UUID, StoredDecision> decisions) {}

  synchronized Snapshot snapshot() {
    return new Snapshot(epoch, Map.copyOf(shares), Map.copyOf(units), Map.copyOf(decisions));
  }
}
