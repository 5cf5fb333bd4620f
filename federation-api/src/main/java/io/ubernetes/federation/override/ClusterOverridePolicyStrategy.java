package io.ubernetes.federation.override;

import io.ubernetes.federation.override.OverridePolicy.OverridePolicyStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation of {@link ClusterOverridePolicy}s. */
@Component
@Order(40)
public class ClusterOverridePolicyStrategy
    extends RecordKindStrategy<ClusterOverridePolicy, OverridePolicySpec, OverridePolicyStatus> {
  private static final ApiKind API =
      ApiKind.of("clusteroverridepolicies", "clusteroverridepolicy", "cop")
          .writtenByUnconfinedOperators();

  public ClusterOverridePolicyStrategy() {
    super(
        ClusterOverridePolicy.KIND,
        API,
        CLUSTER_SCOPED,
        ClusterOverridePolicy.class,
        OverridePolicySpec.class,
        OverridePolicyStatus.class,
        ClusterOverridePolicy::new);
  }

  @Override
  public OverridePolicySpec admit(
      ObjectMeta metadata, OverridePolicySpec spec, FieldErrors errors) {
    return OverrideValidator.admit(spec, true, errors);
  }

  @Override
  public OverridePolicyStatus initialStatus(OverridePolicySpec spec, Instant now) {
    return new OverridePolicyStatus();
  }
}
