package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of cluster federated workloads: those of federated workloads. */
@Component
final class ClusterWorkloadColumns extends KindColumns<ClusterFederatedWorkload> {
  private final WorkloadColumns workloads;

  ClusterWorkloadColumns(WorkloadColumns workloads) {
    super(ClusterFederatedWorkload.KIND, ClusterFederatedWorkload.class, WorkloadColumns.COLUMNS);
    this.workloads = workloads;
  }

  @Override
  List<Object> cells(ClusterFederatedWorkload workload, Instant now) {
    return workloads.cells(workload.asWorkload(), now);
  }
}
