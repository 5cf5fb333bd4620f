package io.ubernetes.federation.workload;

import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.resource.DeletionGuard;
import java.util.List;
import org.springframework.stereotype.Component;

/** Keeps a placement policy from being deleted while workloads refer to it. */
@Component
class PolicyReferences implements DeletionGuard {
  private final WorkloadRepository workloads;

  PolicyReferences(WorkloadRepository workloads) {
    this.workloads = workloads;
  }

  @Override
  public List<String> referrers(String kind, String namespace, String name) {
    if (!PlacementPolicy.KIND.equals(kind)) {
      return List.of();
    }
    return workloads.findUsingPolicy(name).stream()
        .map(workload -> FederatedWorkload.KIND + " " + workload)
        .toList();
  }
}
