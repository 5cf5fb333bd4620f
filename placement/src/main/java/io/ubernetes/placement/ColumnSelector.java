package io.ubernetes.placement;

import java.util.List;

/**
 * A label selector decided over a table's {@link LabelColumn}s: each check is evaluated once per
 * distinct value of its label, so that testing a cluster is an array read per check.
 */
final class ColumnSelector {
  private final List<LabelSelector.Check> checks;
  private final LabelColumn[] columns;
  private final boolean[][] accepts;

  private ColumnSelector(List<LabelSelector.Check> checks, ClusterTable table) {
    this.checks = checks;
    columns = new LabelColumn[checks.size()];
    accepts = new boolean[checks.size()][];
    for (int c = 0; c < columns.length; c++) {
      LabelSelector.Requirement requirement = checks.get(c).requirement();
      columns[c] = table.column(requirement.key());
      accepts[c] = columns[c].where(requirement::matchesValue);
    }
  }

  static ColumnSelector of(LabelSelector selector, ClusterTable table) {
    return new ColumnSelector(selector.checks(), table);
  }

  /** The first check the cluster fails, or -1 when it matches. */
  int firstFailure(int cluster) {
    for (int c = 0; c < columns.length; c++) {
      if (!accepts[c][columns[c].id(cluster)]) {
        return c;
      }
    }
    return -1;
  }

  boolean matches(int cluster) {
    return firstFailure(cluster) < 0;
  }

  /** How a cluster failing check {@code c} is explained, e.g. {@code region not in [eu-west]}. */
  String failure(int c) {
    return checks.get(c).failure();
  }
}
