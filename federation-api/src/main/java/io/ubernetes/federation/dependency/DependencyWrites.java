package io.ubernetes.federation.dependency;

import io.ubernetes.federation.dependency.PodReferences.Reference;
import io.ubernetes.federation.resource.Warnings;
import io.ubernetes.federation.resource.WriteHook;
import io.ubernetes.federation.rollout.WorkloadRevisions;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What follows from a write, in its transaction: a {@link FederatedObject} written makes the next
 * revision of every workload of its namespace that draws it, so the change rolls out with each
 * workload's rollout; a workload written that refers to objects the federation holds no copy of
 * gets a warning. Either way, the workloads' {@code DependenciesResolved} condition is brought up
 * to date once the write commits.
 */
@Component
class DependencyWrites implements WriteHook {
  private final Dependencies dependencies;
  private final WorkloadRevisions revisions;
  private final ApplicationEventPublisher events;

  DependencyWrites(
      Dependencies dependencies, WorkloadRevisions revisions, ApplicationEventPublisher events) {
    this.dependencies = dependencies;
    this.revisions = revisions;
    this.events = events;
  }

  @Override
  public void written(Written write) {
    if (FederatedObject.KIND.equals(write.kind())) {
      List<UUID> drawing = new ArrayList<>();
      for (FederatedWorkload workload : dependencies.drawing(write.namespace(), write.name())) {
        revisions.ensure(workload);
        drawing.add(UUID.fromString(workload.metadata().uid()));
      }
      if (!drawing.isEmpty()) {
        events.publishEvent(new DependencyConditions.Changed(drawing));
      }
    } else if (FederatedWorkload.KIND.equals(write.kind())
        && write.stored() instanceof WorkloadSpec spec) {
      List<Reference> missing = dependencies.resolve(write.namespace(), spec).missing();
      if (!missing.isEmpty()) {
        Warnings.add(DependencyConditions.missing(missing));
      }
      events.publishEvent(new DependencyConditions.Changed(List.of(write.uid())));
    }
  }
}
