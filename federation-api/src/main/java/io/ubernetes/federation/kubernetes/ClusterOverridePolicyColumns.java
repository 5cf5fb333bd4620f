package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.override.ClusterOverridePolicy;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of cluster override policies: those of override policies. */
@Component
final class ClusterOverridePolicyColumns implements KindColumns<ClusterOverridePolicy> {
  @Override
  public String kind() {
    return ClusterOverridePolicy.KIND;
  }

  @Override
  public Class<ClusterOverridePolicy> type() {
    return ClusterOverridePolicy.class;
  }

  @Override
  public List<TableColumn> columns() {
    return OverridePolicyColumns.columns(kind());
  }

  @Override
  public List<Object> cellsOf(ClusterOverridePolicy object, Instant now) {
    return OverridePolicyColumns.cells(
        object.metadata().name(), object.metadata().creationTimestamp(), object.spec(), now);
  }
}
