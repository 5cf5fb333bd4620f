package io.ubernetes.placement;

import io.ubernetes.placement.PlacementSpec.Burst;
import io.ubernetes.placement.PlacementSpec.CostWeights;
import java.util.List;
import java.util.Set;

/**
 * The cost of placing one more replica of a workload on a cluster: a constant part (price,
 * preferences, Preferred coupling, PreferNoSchedule taints) plus a part that grows with the
 * replicas already there (utilization, convex; stickiness, a reward for the replicas that already
 * run there; burst, a step at the tier's utilization ceiling). Each cluster's marginal cost never
 * falls as it takes more replicas, so placing replicas one at a time on the cheapest cluster
 * minimizes the total.
 */
final class CostModel {
  static final double STICKINESS = 10;
  static final double UNTOLERATED_PREFER_NO_SCHEDULE = 20;
  private static final double SCALE = 100;

  private final Workload workload;
  private final ClusterTable table;
  private final CostWeights weights;
  private final Burst burst;
  private final double[] price;
  private final double[] preference;
  private final double[] coupling;
  private final double[] taints;
  private final int[] tier;
  private final int[] current;

  /**
   * Per candidate, the cost of its first replica: the allocator opens clusters and the decision
   * ranks the runners-up by it, so it is computed once.
   */
  private final double[] first;

  /**
   * @param preferred per Preferred coupling: the partner's domains and the cost of missing them
   */
  CostModel(
      Workload workload,
      ClusterTable table,
      Candidates candidates,
      List<PreferredDomain> preferred) {
    this(workload, table, candidates, preferred, null);
  }

  /**
   * @param priceReference further clusters whose prices count for the dearest candidate, so that
   *     costs computed with different candidates (a Strict group tried in each domain) compare; or
   *     null
   */
  CostModel(
      Workload workload,
      ClusterTable table,
      Candidates candidates,
      List<PreferredDomain> preferred,
      Candidates priceReference) {
    this(workload, table, table.currentOf(workload), candidates, preferred, priceReference);
  }

  /**
   * @param running the workload's current replicas per cluster position
   */
  CostModel(
      Workload workload,
      ClusterTable table,
      int[] running,
      Candidates candidates,
      List<PreferredDomain> preferred,
      Candidates priceReference) {
    this.workload = workload;
    this.table = table;
    PlacementSpec spec = workload.placement();
    this.weights = spec.costWeights();
    this.burst = spec.burst();
    price = table.reuse(ClusterTable.PRICE);
    coupling = table.borrow(ClusterTable.COUPLING);
    first = table.reuse(ClusterTable.FIRST_REPLICA);
    current = running;
    // Constant per spec and cluster, shared by every workload of the spec; read for candidates
    // only.
    SpecTerms terms = table.terms(spec);
    preference = terms.preference;
    taints = terms.taints;
    tier = terms.tier;
    ShapeTerms shape = table.shape(workload.perReplica());
    double dearest = 0;
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      price[i] =
          shape != null ? shape.price(i) : table.clusters[i].price().of(workload.perReplica());
      dearest = Math.max(dearest, price[i]);
    }
    for (int k = 0; priceReference != null && k < priceReference.count(); k++) {
      Cluster cluster = table.clusters[priceReference.candidate(k)];
      dearest = Math.max(dearest, cluster.price().of(workload.perReplica()));
    }
    LabelColumn[] partnerColumns = new LabelColumn[preferred.size()];
    boolean[][] partnerDomains = new boolean[preferred.size()][];
    for (int p = 0; p < partnerColumns.length; p++) {
      partnerColumns[p] = table.column(preferred.get(p).topologyKey());
      partnerDomains[p] = partnerColumns[p].in(preferred.get(p).domains());
    }
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      price[i] = dearest == 0 ? 0 : weights.price() * SCALE * price[i] / dearest;
      for (int p = 0; p < partnerColumns.length; p++) {
        if (!partnerDomains[p][partnerColumns[p].id(i)]) {
          coupling[i] += weights.coupling() * preferred.get(p).weight();
        }
      }
    }
    for (int k = 0; k < candidates.count(); k++) {
      int i = candidates.candidate(k);
      first[i] =
          shape != null && current[i] == 0
              ? marginal(i, 1, shape.utilizationOfOne(i))
              : marginal(i, 1);
    }
  }

  /** A Preferred coupling resolved against where the partner runs. */
  record PreferredDomain(String topologyKey, Set<String> domains, int weight) {}

  /** The burst tier of a cluster: its index in the tier list; unlisted tiers come last. */
  static int tierRank(Burst burst, Cluster cluster) {
    return tierRank(burst, cluster.labels().get(Cluster.TIER_LABEL));
  }

  static int tierRank(Burst burst, String tier) {
    // No tier label is an unlisted tier; an immutable list's indexOf refuses a null.
    int rank = tier == null ? -1 : burst.tiers().indexOf(tier);
    return rank < 0 ? burst.tiers().size() : rank;
  }

  int tier(int cluster) {
    return tier[cluster];
  }

  /** The cost of the {@code k}-th replica (counting from 1) of this workload on a cluster. */
  double marginal(int cluster, int k) {
    return marginal(cluster, k, utilization(cluster, k));
  }

  /** {@link #marginal(int, int)} with the cluster's utilization with {@code k} replicas given. */
  private double marginal(int cluster, int k, double utilization) {
    return price[cluster]
        + preference[cluster]
        + coupling[cluster]
        + taints[cluster]
        + weights.utilization() * SCALE * utilization * utilization
        + (k <= current[cluster] ? -weights.stickiness() * STICKINESS : 0)
        + burstTerm(cluster, utilization);
  }

  /** {@code marginal(cluster, 1)} of a candidate, as computed when the model was made. */
  double first(int cluster) {
    return first[cluster];
  }

  /** The cost of the {@code k}-th replica, term by term. */
  CostTerms terms(int cluster, int k) {
    double utilization = utilization(cluster, k);
    return new CostTerms(
        price[cluster],
        weights.utilization() * SCALE * utilization * utilization,
        preference[cluster],
        coupling[cluster],
        k <= current[cluster] ? -weights.stickiness() * STICKINESS : 0,
        taints[cluster],
        burstTerm(cluster, utilization));
  }

  /** The total cost of {@code replicas} replicas on a cluster. */
  double total(int cluster, int replicas) {
    double total = 0;
    for (int k = 1; k <= replicas; k++) {
      total += marginal(cluster, k);
    }
    return total;
  }

  /**
   * A cluster's replicas priced both ways, each replica's utilization worked out once: their {@link
   * #total}, their cost term by term (each term summed over the replicas in turn, as adding up each
   * replica's {@link #terms} does) and the cluster's {@link #utilization} with them.
   */
  record Totals(double total, CostTerms terms, double utilization) {}

  Totals totals(int cluster, int replicas) {
    if (replicas == 0) {
      return new Totals(0, CostTerms.ZERO, utilization(cluster, 0));
    }
    double total = 0;
    double priceTotal = 0;
    double utilizationTotal = 0;
    double preferenceTotal = 0;
    double couplingTotal = 0;
    double stickinessTotal = 0;
    double taintsTotal = 0;
    double burstTotal = 0;
    double utilization = 0;
    for (int k = 1; k <= replicas; k++) {
      utilization = utilization(cluster, k);
      total += marginal(cluster, k, utilization);
      priceTotal += price[cluster];
      utilizationTotal += weights.utilization() * SCALE * utilization * utilization;
      preferenceTotal += preference[cluster];
      couplingTotal += coupling[cluster];
      stickinessTotal += k <= current[cluster] ? -weights.stickiness() * STICKINESS : 0;
      taintsTotal += taints[cluster];
      burstTotal += burstTerm(cluster, utilization);
    }
    CostTerms terms =
        new CostTerms(
            priceTotal,
            utilizationTotal,
            preferenceTotal,
            couplingTotal,
            stickinessTotal,
            taintsTotal,
            burstTotal);
    return new Totals(total, terms, utilization);
  }

  /**
   * The cluster's utilization, the highest over cpu, memory and pods, with {@code k} replicas of
   * this workload and without the ones it has there now.
   */
  double utilization(int cluster, int k) {
    return utilization(table, workload.perReplica(), cluster, current[cluster], k);
  }

  /**
   * A cluster's utilization with {@code k} replicas of {@code unit}, {@code here} of which it has
   * now.
   */
  static double utilization(ClusterTable table, Resources unit, int cluster, int here, int k) {
    return Math.max(
        Math.max(
            share(table.usedCpu[cluster], table.allocatableCpu[cluster], unit.cpuMillis(), here, k),
            share(
                table.usedMemory[cluster],
                table.allocatableMemory[cluster],
                unit.memoryBytes(),
                here,
                k)),
        share(table.usedPods[cluster], table.allocatablePods[cluster], unit.pods(), here, k));
  }

  private static double share(long used, long allocatable, long perReplica, int current, int k) {
    if (allocatable <= 0) {
      return 0;
    }
    return (double) (used + (k - current) * perReplica) / allocatable;
  }

  private double burstTerm(int cluster, double utilization) {
    if (burst == null) {
      return 0;
    }
    int rank = tier[cluster];
    // Capacity above the ceiling comes after every tier's capacity below it.
    return CostTerms.TIER
        * (utilization > burst.maxUtilization() ? burst.tiers().size() + 1 + rank : rank);
  }
}
