package io.ubernetes.federation.override;

import io.ubernetes.federation.override.OverridePolicy.OverridePolicyStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceStrategy;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation of {@link ClusterOverridePolicy}s. */
@Component
@Order(40)
public class ClusterOverridePolicyStrategy
    implements ResourceStrategy<ClusterOverridePolicy, OverridePolicySpec, OverridePolicyStatus> {
  private static final ApiKind API =
      ApiKind.of("clusteroverridepolicies", "clusteroverridepolicy", "cop")
          .writtenByUnconfinedOperators();

  @Override
  public String kind() {
    return ClusterOverridePolicy.KIND;
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
  public Class<ClusterOverridePolicy> type() {
    return ClusterOverridePolicy.class;
  }

  @Override
  public Class<OverridePolicySpec> specType() {
    return OverridePolicySpec.class;
  }

  @Override
  public Class<OverridePolicyStatus> statusType() {
    return OverridePolicyStatus.class;
  }

  @Override
  public ClusterOverridePolicy assemble(
      ObjectMeta metadata, OverridePolicySpec spec, OverridePolicyStatus status) {
    return new ClusterOverridePolicy(
        ApiObject.API_VERSION, ClusterOverridePolicy.KIND, metadata, spec, status);
  }

  @Override
  public void validateName(String name, String field, FieldErrors errors) {
    KubernetesValidation.dnsSubdomain(name, field, errors);
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
