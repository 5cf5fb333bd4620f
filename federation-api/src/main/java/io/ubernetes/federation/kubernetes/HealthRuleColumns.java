package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.health.HealthRule;
import io.ubernetes.federation.health.HealthRuleSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of health rules: the kind they judge and how. */
@Component
final class HealthRuleColumns extends KindColumns<HealthRule> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(HealthRule.KIND),
          TableColumn.text("Kind", "The kind of object judged (spec.kind), with its apiVersion."),
          TableColumn.text("Healthy", "When an object is Healthy: a JSONPath and value, or CEL."),
          TableColumn.text("Degraded", "When an object is Degraded; checked first."),
          TableColumn.age());

  HealthRuleColumns() {
    super(HealthRule.KIND, HealthRule.class, COLUMNS);
  }

  @Override
  List<Object> cells(HealthRule rule, Instant now) {
    HealthRuleSpec spec = rule.spec();
    return Arrays.asList(
        rule.metadata().name(),
        spec == null
            ? "<none>"
            : spec.apiVersion() == null ? spec.kind() : spec.kind() + "." + spec.apiVersion(),
        spec == null ? "<none>" : check(spec.healthy()),
        spec == null ? "<none>" : check(spec.degraded()),
        Age.since(rule.metadata().creationTimestamp(), now));
  }

  private static String check(HealthRuleSpec.Check check) {
    if (check == null) {
      return "<none>";
    }
    return check.cel() != null ? check.cel() : check.jsonPath() + "=" + check.value();
  }
}
