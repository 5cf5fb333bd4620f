package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Validation of {@link FederatedResourceQuota}s. A tenant must not raise its own limit: the
 * operators of a namespace do not write its quotas, admins and operators confined to no namespace
 * do.
 */
@Component
@Order(130)
public class FederatedResourceQuotaStrategy
    extends RecordKindStrategy<FederatedResourceQuota, QuotaSpec, QuotaStatus> {
  private static final ApiKind API =
      ApiKind.of("federatedresourcequotas", "federatedresourcequota", "frq")
          .writtenByUnconfinedOperators();

  public FederatedResourceQuotaStrategy() {
    super(
        FederatedResourceQuota.KIND,
        API,
        NAMESPACED,
        FederatedResourceQuota.class,
        QuotaSpec.class,
        QuotaStatus.class,
        FederatedResourceQuota::new);
  }

  @Override
  public QuotaSpec admit(ObjectMeta metadata, QuotaSpec spec, FieldErrors errors) {
    QuotaValidator.validate(metadata, spec, errors);
    return spec;
  }

  @Override
  public Map<String, List<String>> listMapKeys() {
    return Map.of(
        "spec.clusterSets", List.of("name"),
        "status.clusterSets", List.of("name"),
        "status.clusters", List.of("name"),
        "status.memberQuotas", List.of("cluster"),
        "status.conditions", List.of("type"));
  }

  @Override
  public QuotaStatus initialStatus(QuotaSpec spec, Instant now) {
    return new QuotaStatus(hard(spec), Map.of(), Map.of(), Map.of(), null, null, null, null);
  }

  /** The limits {@code spec} names, normalized ({@code cpu} as {@code requests.cpu}). */
  static Map<String, String> hard(QuotaSpec spec) {
    QuotaAmounts limits = QuotaAmounts.limits(spec.hard(), "spec.hard", new FieldErrors());
    return limits.written(limits);
  }
}
