package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of cluster federated workloads: those of federated workloads. */
@Component
final class ClusterWorkloadColumns implements KindColumns<ClusterFederatedWorkload> {
  @Override
  public String kind() {
    return ClusterFederatedWorkload.KIND;
  }

  @Override
  public Class<ClusterFederatedWorkload> type() {
    return ClusterFederatedWorkload.class;
  }

  @Override
  public List<TableColumn> columns() {
    return WorkloadColumns.COLUMNS;
  }

  @Override
  public List<Object> cellsOf(ClusterFederatedWorkload object, Instant now) {
    return WorkloadColumns.cells(object.asWorkload(), now);
  }
}
