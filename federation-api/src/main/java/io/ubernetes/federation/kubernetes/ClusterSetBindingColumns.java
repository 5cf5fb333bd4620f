package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.tenancy.ClusterSetBinding;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of cluster set bindings: the set and whether it exists. */
@Component
final class ClusterSetBindingColumns extends KindColumns<ClusterSetBinding> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(ClusterSetBinding.KIND),
          TableColumn.text("ClusterSet", "The cluster set it binds (spec.clusterSet)."),
          TableColumn.text("Bound", "True while the set exists (the Bound condition)."),
          TableColumn.age());

  ClusterSetBindingColumns() {
    super(ClusterSetBinding.KIND, ClusterSetBinding.class, COLUMNS);
  }

  @Override
  List<Object> cells(ClusterSetBinding binding, Instant now) {
    Condition bound =
        binding.status() == null ? null : Conditions.find(binding.status().conditions(), "Bound");
    return Arrays.asList(
        binding.metadata().name(),
        binding.spec() == null ? "<none>" : binding.spec().clusterSet(),
        bound == null ? "Unknown" : bound.status(),
        Age.since(binding.metadata().creationTimestamp(), now));
  }
}
