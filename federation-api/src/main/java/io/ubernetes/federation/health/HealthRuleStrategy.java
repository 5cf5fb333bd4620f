package io.ubernetes.federation.health;

import io.ubernetes.federation.health.HealthRule.HealthRuleStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceStrategy;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation of {@link HealthRule}s: each check parses, each CEL expression compiles to a bool. */
@Component
@Order(50)
public class HealthRuleStrategy
    implements ResourceStrategy<HealthRule, HealthRuleSpec, HealthRuleStatus> {
  private static final ApiKind API =
      ApiKind.of("healthrules", "healthrule", "hr").writtenByUnconfinedOperators();

  @Override
  public String kind() {
    return HealthRule.KIND;
  }

  @Override
  public ApiKind api() {
    return API;
  }

  @Override
  public boolean namespaced() {
    return false;
  }

  @Override
  public Class<HealthRule> type() {
    return HealthRule.class;
  }

  @Override
  public Class<HealthRuleSpec> specType() {
    return HealthRuleSpec.class;
  }

  @Override
  public Class<HealthRuleStatus> statusType() {
    return HealthRuleStatus.class;
  }

  @Override
  public HealthRule assemble(ObjectMeta metadata, HealthRuleSpec spec, HealthRuleStatus status) {
    return new HealthRule(ApiObject.API_VERSION, HealthRule.KIND, metadata, spec, status);
  }

  @Override
  public void validateName(String name, String field, FieldErrors errors) {
    KubernetesValidation.dnsSubdomain(name, field, errors);
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
