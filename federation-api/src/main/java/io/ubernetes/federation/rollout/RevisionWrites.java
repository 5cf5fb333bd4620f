package io.ubernetes.federation.rollout;

import io.ubernetes.federation.resource.WriteHook;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Makes a workload's revisions in the transaction of the write that changes its content, so that a
 * revision exists exactly when the generation that made it does, and a dry run leaves none.
 */
@Component
class RevisionWrites implements WriteHook {
  private final WorkloadRevisions revisions;

  RevisionWrites(WorkloadRevisions revisions) {
    this.revisions = revisions;
  }

  @Override
  public void written(Written write) {
    if (!FederatedWorkload.KIND.equals(write.kind())) {
      return;
    }
    if (write.before() instanceof WorkloadSpec before && revisions.newest(write.uid()).isEmpty()) {
      // Created before revisions were kept: what it ran until now is its first revision.
      revisions.record(write.uid(), write.generation() - 1, before, List.of());
    }
    revisions.record(write.uid(), write.generation(), (WorkloadSpec) write.stored(), List.of());
  }
}
