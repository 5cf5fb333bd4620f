package io.ubernetes.placement;

/**
 * What one replica size makes of each cluster of a batch's table, for a workload not yet running
 * there: how many such replicas its free totals and its nodes hold, its price, and its utilization
 * with one of them. The workloads of a batch come in a few sizes, and each decision changes only
 * the few clusters it gives replicas to; so each figure is worked out when first asked for and
 * again only after the table took replicas on that cluster ({@link ClusterTable#changes}), not for
 * every cluster and every workload.
 */
final class ShapeTerms {
  private final ClusterTable table;
  private final Resources unit;

  /**
   * Per cluster, 1 + the table's count of changes to it when the figure was worked out; 0 before.
   */
  private final int[] fitsAt;

  private final int[] nodesAt;
  private final int[] utilizationAt;
  private final long[] fits;
  private final long[] nodes;
  private final double[] utilization;
  private final double[] price;
  private final boolean[] priced;

  ShapeTerms(ClusterTable table, Resources unit) {
    this.table = table;
    this.unit = unit;
    int n = table.size();
    fitsAt = new int[n];
    nodesAt = new int[n];
    utilizationAt = new int[n];
    fits = new long[n];
    nodes = new long[n];
    utilization = new double[n];
    price = new double[n];
    priced = new boolean[n];
  }

  /** {@link Candidates#fits} with none of the workload's replicas on the cluster. */
  long fits(int cluster) {
    int now = table.changes(cluster) + 1;
    if (fitsAt[cluster] != now) {
      fits[cluster] = Candidates.fits(table, cluster, unit, 0);
      fitsAt[cluster] = now;
    }
    return fits[cluster];
  }

  /**
   * {@link ClusterTable#nodeFit} up to {@code limit}: counted once without a limit, as counting
   * stops only once it reaches the limit and the count never falls.
   */
  long nodeFit(int cluster, long limit) {
    int now = table.changes(cluster) + 1;
    if (nodesAt[cluster] != now) {
      nodes[cluster] = table.nodeFit(cluster, unit, Long.MAX_VALUE);
      nodesAt[cluster] = now;
    }
    return Math.min(nodes[cluster], limit);
  }

  /** {@link CostModel#utilization} of one replica, with none of the workload's there now. */
  double utilizationOfOne(int cluster) {
    int now = table.changes(cluster) + 1;
    if (utilizationAt[cluster] != now) {
      utilization[cluster] = CostModel.utilization(table, unit, cluster, 0, 1);
      utilizationAt[cluster] = now;
    }
    return utilization[cluster];
  }

  /** The hourly price of one replica on the cluster. */
  double price(int cluster) {
    if (!priced[cluster]) {
      price[cluster] = table.clusters[cluster].price().of(unit);
      priced[cluster] = true;
    }
    return price[cluster];
  }
}
