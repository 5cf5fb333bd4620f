package io.ubernetes.federation.health;

import io.ubernetes.federation.health.HealthRule.HealthRuleStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation of {@link HealthRule}s: each check parses, each CEL expression compiles to a bool. */
@Component
@Order(50)
public class HealthRuleStrategy
    extends RecordKindStrategy<HealthRule, HealthRuleSpec, HealthRuleStatus> {
  private static final ApiKind API =
      ApiKind.of("healthrules", "healthrule", "hr").writtenByUnconfinedOperators();

  public HealthRuleStrategy() {
    super(
        HealthRule.KIND,
        API,
        CLUSTER_SCOPED,
        HealthRule.class,
        HealthRuleSpec.class,
        HealthRuleStatus.class,
        HealthRule::new);
  }

  @Override
  public HealthRuleSpec admit(ObjectMeta metadata, HealthRuleSpec spec, FieldErrors errors) {
    HealthRuleValidator.validate(spec, errors);
    return spec;
  }

  @Override
  public HealthRuleStatus initialStatus(HealthRuleSpec spec, Instant now) {
    return new HealthRuleStatus();
  }
}
