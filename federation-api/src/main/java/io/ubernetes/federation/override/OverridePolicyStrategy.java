package io.ubernetes.federation.override;

import io.ubernetes.federation.override.OverridePolicy.OverridePolicyStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation of {@link OverridePolicy}s. */
@Component
@Order(90)
public class OverridePolicyStrategy
    extends RecordKindStrategy<OverridePolicy, OverridePolicySpec, OverridePolicyStatus> {
  private static final ApiKind API = ApiKind.of("overridepolicies", "overridepolicy", "op");

  public OverridePolicyStrategy() {
    super(
        OverridePolicy.KIND,
        API,
        NAMESPACED,
        OverridePolicy.class,
        OverridePolicySpec.class,
        OverridePolicyStatus.class,
        OverridePolicy::new);
  }

  @Override
  public OverridePolicySpec admit(
      ObjectMeta metadata, OverridePolicySpec spec, FieldErrors errors) {
    return OverrideValidator.admit(spec, false, errors);
  }

  @Override
  public OverridePolicyStatus initialStatus(OverridePolicySpec spec, Instant now) {
    return new OverridePolicyStatus();
  }
}
