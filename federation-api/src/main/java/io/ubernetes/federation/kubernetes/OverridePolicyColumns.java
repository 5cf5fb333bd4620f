package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.override.OverridePolicy;
import io.ubernetes.federation.override.OverridePolicySpec;
import io.ubernetes.federation.override.OverridePolicySpec.WorkloadSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The columns of override policies and cluster override policies: which workloads they select and
 * how many rules they apply.
 */
@Component
final class OverridePolicyColumns extends KindColumns<OverridePolicy> {
  static List<TableColumn> columns(String kind) {
    return List.of(
        TableColumn.name(kind),
        TableColumn.text("Workloads", "The workloads it selects (spec.workloadSelector)."),
        TableColumn.text("Rules", "How many rules it applies, in order (spec.rules)."),
        TableColumn.age());
  }

  OverridePolicyColumns() {
    super(OverridePolicy.KIND, OverridePolicy.class, columns(OverridePolicy.KIND));
  }

  @Override
  List<Object> cells(OverridePolicy policy, Instant now) {
    return cells(
        policy.metadata().name(), policy.metadata().creationTimestamp(), policy.spec(), now);
  }

  /** The cells of either kind of override policy. */
  static List<Object> cells(String name, String created, OverridePolicySpec spec, Instant now) {
    return Arrays.asList(
        name,
        spec == null ? "<none>" : workloads(spec.workloadSelector()),
        spec == null ? 0 : spec.rules().size(),
        Age.since(created, now));
  }

  private static String workloads(WorkloadSelector selector) {
    if (selector == null) {
      return "<all>";
    }
    List<String> terms = new ArrayList<>();
    if (!selector.namespaces().isEmpty()) {
      terms.add("namespaces=" + String.join(",", selector.namespaces()));
    }
    if (!selector.names().isEmpty()) {
      terms.add("names=" + String.join(",", selector.names()));
    }
    selector.matchLabels().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> terms.add(e.getKey() + "=" + e.getValue()));
    if (!selector.matchExpressions().isEmpty()) {
      terms.add(
          selector.matchExpressions().stream()
              .map(e -> e.key() + " " + e.operator())
              .collect(Collectors.joining(",")));
    }
    return terms.isEmpty() ? "<all>" : String.join(";", terms);
  }
}
