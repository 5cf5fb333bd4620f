package io.ubernetes.federation.workload;

import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.resource.DeletionGuard;
import io.ubernetes.federation.resource.ResourceReader;
import java.util.List;
import org.springframework.stereotype.Component;

/** Keeps a placement policy from being deleted while workloads refer to it. */
@Component
class PolicyReferences implements DeletionGuard {
  /** Referrers named in the refusal; enough to act on. */
  private static final int NAMED = 10;

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;

  PolicyReferences(ResourceReader reader, FederatedWorkloadStrategy workloads) {
    this.reader = reader;
    this.workloads = workloads;
  }

  @Override
  public List<String> referrers(String kind, String namespace, String name) {
    if (!PlacementPolicy.KIND.equals(kind)) {
      return List.of();
    }
    return reader.keysWith(workloads, name, NAMED, "placement", "policyRef").stream()
        .map(key -> FederatedWorkload.KIND + " " + key.namespace() + "/" + key.name())
        .toList();
  }
}
