package io.ubernetes.federation.override;

import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.resource.ObjectKey;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.WriteHook;
import io.ubernetes.federation.rollout.WorkloadRevisions;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.RevisionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes the next revision of every workload whose policy overrides change, in the transaction of
 * the change, so that it reaches the clusters through the workload's rollout: a policy created,
 * changed or deleted (for each workload it selects or selected before), and a workload whose labels
 * changed (it may start or stop being selected). A workload whose rules stay the same keeps its
 * revision.
 *
 * <p>Before the hooks without an order, quota admission among them: a policy write locks the
 * workloads it makes revisions of before admission locks their namespace's quotas, in the order a
 * workload's own write takes its row and then the quotas.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class OverridePolicyRevisions implements WriteHook, DeletionHook {
  private final WorkloadRevisions revisions;
  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final OverridePolicyStrategy policies;
  private final ClusterOverridePolicyStrategy clusterPolicies;

  OverridePolicyRevisions(
      WorkloadRevisions revisions,
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      OverridePolicyStrategy policies,
      ClusterOverridePolicyStrategy clusterPolicies) {
    this.revisions = revisions;
    this.reader = reader;
    this.workloads = workloads;
    this.policies = policies;
    this.clusterPolicies = clusterPolicies;
  }

  @Override
  public void written(Written write) {
    if (!isPolicy(write.kind())) {
      return;
    }
    List<OverridePolicySpec> specs = new ArrayList<>();
    specs.add((OverridePolicySpec) write.stored());
    if (write.before() != null && write.before().get() instanceof OverridePolicySpec before) {
      specs.add(before);
    }
    // A cluster-scoped policy is stored under no namespace, and selects workloads of any.
    ensureSelected(OverridePolicy.KIND.equals(write.kind()) ? write.namespace() : null, specs);
  }

  @Override
  public void relabelled(Written write) {
    if (FederatedWorkload.isWorkload(write.kind())) {
      // By uid, which reads a ClusterFederatedWorkload too, as every workload is read.
      FederatedWorkload workload = reader.getAll(workloads, List.of(write.uid())).get(write.uid());
      if (workload != null) {
        revisions.ensure(workload);
      }
    }
  }

  /**
   * The policy is still there when this runs: the workloads it selected get their next revision
   * just before the deletion commits, when their rules no longer hold its own.
   */
  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (!isPolicy(kind)) {
      return;
    }
    OverridePolicySpec spec =
        OverridePolicy.KIND.equals(kind)
            ? reader.get(policies, namespace, name).spec()
            : reader.get(clusterPolicies, null, name).spec();
    String scope = OverridePolicy.KIND.equals(kind) ? namespace : null;
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void beforeCommit(boolean readOnly) {
            ensureSelected(scope, List.of(spec));
          }
        });
  }

  private static boolean isPolicy(String kind) {
    return OverridePolicy.KIND.equals(kind) || ClusterOverridePolicy.KIND.equals(kind);
  }

  /**
   * @param namespace the policy's namespace; null for a ClusterOverridePolicy
   */
  private void ensureSelected(String namespace, List<OverridePolicySpec> specs) {
    Map<UUID, ObjectKey> keys = reader.keys(workloads);
    List<UUID> inScope = new ArrayList<>();
    keys.forEach(
        (uid, key) -> {
          if (namespace == null || Objects.equals(namespace, key.namespace())) {
            inScope.add(uid);
          }
        });
    // In uid order, as every writer that locks several workloads takes them.
    for (FederatedWorkload workload : new TreeMap<>(reader.getAll(workloads, inScope)).values()) {
      RevisionSource.Subject subject =
          new RevisionSource.Subject(
              UUID.fromString(workload.metadata().uid()),
              workload.metadata().namespace(),
              workload.metadata().name(),
              workload.metadata().labels());
      if (specs.stream().anyMatch(spec -> PolicyOverrides.selects(spec, subject))) {
        revisions.ensure(workload);
      }
    }
  }
}
