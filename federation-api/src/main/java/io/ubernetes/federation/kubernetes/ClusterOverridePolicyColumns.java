package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.override.ClusterOverridePolicy;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of cluster override policies: those of override policies. */
@Component
final class ClusterOverridePolicyColumns extends KindColumns<ClusterOverridePolicy> {
  ClusterOverridePolicyColumns() {
    super(
        ClusterOverridePolicy.KIND,
        ClusterOverridePolicy.class,
        OverridePolicyColumns.columns(ClusterOverridePolicy.KIND));
  }

  @Override
  List<Object> cells(ClusterOverridePolicy policy, Instant now) {
    return OverridePolicyColumns.cells(
        policy.metadata().name(), policy.metadata().creationTimestamp(), policy.spec(), now);
  }
}
