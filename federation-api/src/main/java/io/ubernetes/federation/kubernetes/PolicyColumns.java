package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.policy.PlacementPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The columns of placement policies: which clusters they select and how replicas are laid out. */
@Component
final class PolicyColumns extends KindColumns<PlacementPolicy> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(PlacementPolicy.KIND),
          TableColumn.text("Selector", "The clusters it allows (spec.clusterSelector)."),
          TableColumn.text("Mode", "Divided spreads the replicas, Duplicated runs all in each."),
          TableColumn.age(),
          TableColumn.wide("Tiers", "Cloudbursting's order of tiers (spec.burst.tiers)."));

  PolicyColumns() {
    super(PlacementPolicy.KIND, PlacementPolicy.class, COLUMNS);
  }

  @Override
  List<Object> cells(PlacementPolicy policy, Instant now) {
    Placement spec = policy.spec();
    return Arrays.asList(
        policy.metadata().name(),
        spec == null ? "<none>" : selector(spec.clusterSelector()),
        spec == null || spec.mode() == Placement.Mode.DUPLICATED ? "Duplicated" : "Divided",
        Age.since(policy.metadata().creationTimestamp(), now),
        spec == null || spec.burst() == null || spec.burst().tiers() == null
            ? "<none>"
            : String.join(",", spec.burst().tiers()));
  }

  /** A selector as kubectl prints label selectors: {@code a=b,c in (d,e)}. */
  static String selector(Placement.ClusterSelector selector) {
    if (selector == null) {
      return "<none>";
    }
    List<String> terms = new ArrayList<>();
    selector.matchLabels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(label -> terms.add(label.getKey() + "=" + label.getValue()));
    for (Placement.SelectorRequirement requirement : selector.matchExpressions()) {
      String values = "(" + String.join(",", requirement.values()) + ")";
      terms.add(
          switch (requirement.operator()) {
            case IN -> requirement.key() + " in " + values;
            case NOT_IN -> requirement.key() + " notin " + values;
            case EXISTS -> requirement.key();
            case DOES_NOT_EXIST -> "!" + requirement.key();
          });
    }
    return terms.isEmpty() ? "<none>" : String.join(",", terms);
  }
}
