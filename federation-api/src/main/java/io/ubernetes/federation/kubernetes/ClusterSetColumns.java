package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.tenancy.ClusterSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of cluster sets: how many clusters they hold and by which labels. */
@Component
final class ClusterSetColumns extends KindColumns<ClusterSet> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(ClusterSet.KIND),
          TableColumn.number("Clusters", "How many member clusters the set holds now."),
          TableColumn.text("Selector", "The clusters it holds, by label (spec.clusterSelector)."),
          TableColumn.age());

  ClusterSetColumns() {
    super(ClusterSet.KIND, ClusterSet.class, COLUMNS);
  }

  @Override
  List<Object> cells(ClusterSet set, Instant now) {
    String selector =
        set.spec() == null || set.spec().clusterSelector() == null
            ? "<none>"
            : PolicyColumns.selector(set.spec().clusterSelector());
    return Arrays.asList(
        set.metadata().name(),
        set.status() == null || set.status().clusterCount() == null
            ? 0
            : set.status().clusterCount(),
        // An empty selector selects every cluster.
        selector.equals("<none>") && set.spec() != null ? "<all>" : selector,
        Age.since(set.metadata().creationTimestamp(), now));
  }
}
