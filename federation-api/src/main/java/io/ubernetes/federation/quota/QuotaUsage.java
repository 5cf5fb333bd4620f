package io.ubernetes.federation.quota;

import io.ubernetes.placement.Resources;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the workloads of some namespaces use, by their stored decisions: each replica a decision
 * wants on a cluster ({@code target}) counts its requests there, each copy of a Duplicated workload
 * in every cluster it runs in; replicas a move still runs beyond that ({@code running} over {@code
 * target}, while new replicas start before old ones go) are surplus, shown but not charged.
 */
public final class QuotaUsage {

  /**
   * One workload's share of one cluster; a workload placed nowhere has one share with no cluster,
   * for the count of workloads.
   *
   * @param memberMaxReplicas the most replicas the member's autoscaler may run of the workload
   *     there, as its charge admitted them; 0 when the federation sets its replicas
   */
  record Share(
      String namespace,
      UUID workload,
      String cluster,
      int target,
      int running,
      Resources unit,
      int memberMaxReplicas) {

    /** A share whose replicas the federation sets. */
    Share(
        String namespace, UUID workload, String cluster, int target, int running, Resources unit) {
      this(namespace, workload, cluster, target, running, unit, 0);
    }
  }

  private final List<Share> shares;

  QuotaUsage(List<Share> shares) {
    this.shares = List.copyOf(shares);
  }

  /**
   * What the namespace's workloads accepted by {@code workloads} use on the clusters accepted by
   * {@code clusters}; {@code count/federatedworkloads} counts those of them with replicas there.
   */
  public QuotaAmounts used(
      String namespace, Predicate<UUID> workloads, Predicate<String> clusters) {
    QuotaAmounts used = QuotaAmounts.ZERO;
    Set<UUID> counted = new HashSet<>();
    for (Share share : shares) {
      if (share.namespace().equals(namespace)
          && share.cluster() != null
          && share.target() > 0
          && workloads.test(share.workload())
          && clusters.test(share.cluster())) {
        used = used.plus(QuotaAmounts.of(share.unit(), share.target(), 0));
        counted.add(share.workload());
      }
    }
    return used.plus(new QuotaAmounts(0, 0, 0, counted.size()));
  }

  /** What the namespace's workloads use in all, each of its workloads counted, placed or not. */
  public QuotaAmounts total(String namespace) {
    QuotaAmounts used = used(namespace, uid -> true, cluster -> true);
    Set<UUID> workloads = new HashSet<>();
    for (Share share : shares) {
      if (share.namespace().equals(namespace)) {
        workloads.add(share.workload());
      }
    }
    return new QuotaAmounts(used.cpuMillis(), used.memoryBytes(), used.pods(), workloads.size());
  }

  /** What moves of the namespace's workloads run beyond their decisions: make-before-break. */
  public QuotaAmounts surplus(String namespace) {
    QuotaAmounts surplus = QuotaAmounts.ZERO;
    for (Share share : shares) {
      if (share.namespace().equals(namespace) && share.running() > share.target()) {
        surplus = surplus.plus(QuotaAmounts.of(share.unit(), share.running() - share.target(), 0));
      }
    }
    return surplus;
  }

  /** The clusters the namespace's decisions want replicas on, in name order. */
  public SortedSet<String> clusters(String namespace) {
    SortedSet<String> clusters = new TreeSet<>();
    for (Share share : shares) {
      if (share.namespace().equals(namespace) && share.cluster() != null && share.target() > 0) {
        clusters.add(share.cluster());
      }
    }
    return clusters;
  }

  /**
   * What the namespace's workloads hold in one cluster: each one's decided replicas there, or the
   * replicas a move still runs there when those are more (make-before-break).
   */
  public QuotaAmounts held(String namespace, String cluster) {
    QuotaAmounts held = QuotaAmounts.ZERO;
    for (Share share : shares) {
      if (share.namespace().equals(namespace) && cluster.equals(share.cluster())) {
        held =
            held.plus(QuotaAmounts.of(share.unit(), Math.max(share.target(), share.running()), 0));
      }
    }
    return held;
  }

  /**
   * What the namespace's workloads may run in one cluster: what they hold there, each one whose
   * replicas the member's autoscaler owns counted at the most replicas it was admitted to run there
   * when that is more.
   */
  public QuotaAmounts reach(String namespace, String cluster) {
    QuotaAmounts reach = QuotaAmounts.ZERO;
    for (Share share : shares) {
      int held = Math.max(share.target(), share.running());
      if (share.namespace().equals(namespace) && cluster.equals(share.cluster()) && held > 0) {
        reach =
            reach.plus(QuotaAmounts.of(share.unit(), Math.max(held, share.memberMaxReplicas()), 0));
      }
    }
    return reach;
  }

  /**
   * The same shares, each of a workload whose replicas the members' autoscalers own with the most
   * replicas it was admitted to run in one cluster.
   *
   * @param memberMaxReplicas by workload uid; the workloads not named keep what their shares say
   */
  QuotaUsage withMemberMaxReplicas(Map<UUID, Integer> memberMaxReplicas) {
    if (memberMaxReplicas.isEmpty()) {
      return this;
    }
    return new QuotaUsage(
        shares.stream()
            .map(
                share ->
                    memberMaxReplicas.containsKey(share.workload())
                        ? new Share(
                            share.namespace(),
                            share.workload(),
                            share.cluster(),
                            share.target(),
                            share.running(),
                            share.unit(),
                            memberMaxReplicas.get(share.workload()))
                        : share)
            .toList());
  }

  /**
   * The clusters the namespace's workloads hold replicas in, decided or still running, in name
   * order.
   */
  public SortedSet<String> holding(String namespace) {
    SortedSet<String> clusters = new TreeSet<>();
    for (Share share : shares) {
      if (share.namespace().equals(namespace)
          && share.cluster() != null
          && Math.max(share.target(), share.running()) > 0) {
        clusters.add(share.cluster());
      }
    }
    return clusters;
  }
}
