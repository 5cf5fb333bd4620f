package io.ubernetes.federation.workload;

import io.ubernetes.federation.resource.DeletionGuard;
import io.ubernetes.federation.resource.ResourceReader;
import java.util.List;
import org.springframework.stereotype.Component;

/** Keeps a rollout strategy from being deleted while workloads refer to it. */
@Component
class RolloutStrategyReferences implements DeletionGuard {
  /** Referrers named in the refusal; enough to act on. */
  private static final int NAMED = 10;

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;

  RolloutStrategyReferences(ResourceReader reader, FederatedWorkloadStrategy workloads) {
    this.reader = reader;
    this.workloads = workloads;
  }

  @Override
  public List<String> referrers(String kind, String namespace, String name) {
    if (!RolloutStrategySpec.KIND.equals(kind)) {
      return List.of();
    }
    return reader.keysWith(workloads, name, NAMED, "rolloutStrategy", "strategyRef").stream()
        .map(key -> FederatedWorkload.KIND + " " + key.namespace() + "/" + key.name())
        .toList();
  }
}
