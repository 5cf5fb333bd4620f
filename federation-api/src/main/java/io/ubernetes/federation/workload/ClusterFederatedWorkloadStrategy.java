package io.ubernetes.federation.workload;

import io.ubernetes.federation.policy.Placement;
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
 * Validation and defaults of {@link ClusterFederatedWorkload}s: a {@link FederatedWorkload}'s, with
 * no namespace. Its manifests may be cluster-scoped; its namespaced built-in objects name their
 * namespace. Its placement is {@code Duplicated} unless it says otherwise: a definition, a
 * Namespace or a role has no replicas to divide, and every selected cluster needs it whole.
 */
@Component
@Order(70)
public class ClusterFederatedWorkloadStrategy
    extends RecordKindStrategy<ClusterFederatedWorkload, WorkloadSpec, WorkloadStatus> {
  private static final ApiKind API =
      ApiKind.of("clusterfederatedworkloads", "clusterfederatedworkload", "cfw")
          .withLegacyPlural("clusterworkloads")
          .withSubresources(FederatedWorkloadStrategy.SUBRESOURCES)
          .writtenByUnconfinedOperators();

  private final FederatedWorkloadStrategy workloads;

  ClusterFederatedWorkloadStrategy(FederatedWorkloadStrategy workloads) {
    super(
        ClusterFederatedWorkload.KIND,
        API,
        CLUSTER_SCOPED,
        ClusterFederatedWorkload.class,
        WorkloadSpec.class,
        WorkloadStatus.class,
        ClusterFederatedWorkload::new);
    this.workloads = workloads;
  }

  /** As a FederatedWorkload's (no namespace: its manifests say theirs), placed Duplicated. */
  @Override
  public WorkloadSpec admit(ObjectMeta metadata, WorkloadSpec spec, FieldErrors errors) {
    if (spec == null) {
      return workloads.admit(metadata, null, errors);
    }
    return workloads.admit(
        metadata,
        new WorkloadSpec(
            spec.template(),
            spec.resources(),
            spec.replicas(),
            duplicatedByDefault(spec.placement()),
            spec.overrides(),
            spec.rollout(),
            spec.revisionHistoryLimit(),
            spec.rolloutStrategy(),
            spec.rolloutControl(),
            spec.autoscaling(),
            spec.propagateDependencies(),
            spec.statusFeedback()),
        errors);
  }

  private static Placement duplicatedByDefault(Placement placement) {
    if (placement == null) {
      return new Placement(
          null,
          null,
          null,
          null,
          Placement.Mode.DUPLICATED,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    if (placement.mode() != null || placement.policyRef() != null) {
      return placement;
    }
    return new Placement(
        null,
        placement.clusterSelector(),
        placement.preferences(),
        placement.tolerations(),
        Placement.Mode.DUPLICATED,
        placement.minReplicasPerCluster(),
        placement.maxReplicasPerCluster(),
        placement.maxClusters(),
        placement.spread(),
        placement.coupling(),
        placement.burst(),
        placement.costWeights());
  }

  @Override
  public WorkloadStatus initialStatus(WorkloadSpec spec, Instant now) {
    return workloads.initialStatus(spec, now);
  }

  @Override
  public void beforeWrite(String namespace, String name, WorkloadSpec spec) {
    workloads.beforeWrite(namespace, name, spec);
  }

  @Override
  public Map<String, List<String>> listMapKeys() {
    return workloads.listMapKeys();
  }
}
