package io.ubernetes.federation.workload;

import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.resource.DeletionGuard;
import io.ubernetes.federation.resource.ResourceReader;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Keeps the cluster-scoped objects workloads name, placement policies and rollout strategies, from
 * being deleted while workloads refer to them.
 */
@Component
class WorkloadReferences implements DeletionGuard {
  /** Referrers named in the refusal; enough to act on. */
  private static final int NAMED = 10;

  /** Where a workload's spec names an object of each kind. */
  private static final Map<String, List<String>> REFERENCES =
      Map.of(
          PlacementPolicy.KIND, List.of("placement", "policyRef"),
          RolloutStrategySpec.KIND, List.of("rolloutStrategy", "strategyRef"));

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;

  WorkloadReferences(ResourceReader reader, FederatedWorkloadStrategy workloads) {
    this.reader = reader;
    this.workloads = workloads;
  }

  @Override
  public List<String> referrers(String kind, String namespace, String name) {
    List<String> path = REFERENCES.get(kind);
    if (path == null) {
      return List.of();
    }
    return reader.keysWith(workloads, name, NAMED, path.toArray(String[]::new)).stream()
        .map(
            key ->
                key.namespace() == null || key.namespace().isEmpty()
                    ? ClusterFederatedWorkload.KIND + " " + key.name()
                    : FederatedWorkload.KIND + " " + key.namespace() + "/" + key.name())
        .toList();
  }
}
