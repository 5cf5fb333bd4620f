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
final class OverridePolicyColumns implements KindColumns<OverridePolicy> {
  static List<TableColumn> columns(String kind) {
    return List.of(
        TableColumn.name(kind),
        TableColumn.text("Workloads", "The workloads it selects (spec.workloadSelector)."),
        TableColumn.text("Rules", "How many rules it applies, in order (spec.rules)."),
        TableColumn.age());
  }

  @Override
  public String kind() {
    return OverridePolicy.KIND;
  }

  @Override
  public Class<OverridePolicy> type() {
    return OverridePolicy.class;
  }

  @Override
  public List<TableColumn> columns() {
    return columns(kind());
  }

  @Override
  public List<Object> cellsOf(OverridePolicy object, Instant now) {
    return cells(
        object.metadata().name(), object.metadata().creationTimestamp(), object.spec(), now);
  }

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
