package io.ubernetes.federation.agents;

import io.ubernetes.federation.health.HealthRule;
import io.ubernetes.federation.health.HealthRuleSpec;
import io.ubernetes.federation.health.HealthRules;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.resource.WriteHook;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadStatuses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings a health rule's change to every cluster's work, in the transaction of the rule's write or
 * deletion: the fields the rules need are asked of the agents anew, and nothing else of the work
 * changes. Feedback is not content, so no workload gets a revision or a rollout for it. The status
 * of every workload with objects of the kind is computed again at once, from the reports as they
 * are: a changed value or check judges them differently even before the agents report anew.
 */
@Component
class HealthRuleFeedback implements WriteHook, DeletionHook {
  private final WorkStore work;
  private final HealthRules rules;
  private final WorkFeedback feedback;
  private final JsonMapper json;
  private final Clock clock;
  private final SystemWrites writes;
  private final FederatedWorkloadStrategy workloads;
  private final WorkloadStatuses statuses;

  HealthRuleFeedback(
      WorkStore work,
      HealthRules rules,
      WorkFeedback feedback,
      JsonMapper json,
      Clock clock,
      SystemWrites writes,
      FederatedWorkloadStrategy workloads,
      WorkloadStatuses statuses) {
    this.work = work;
    this.rules = rules;
    this.feedback = feedback;
    this.json = json;
    this.clock = clock;
    this.writes = writes;
    this.workloads = workloads;
    this.statuses = statuses;
  }

  @Override
  public void written(Written write) {
    if (HealthRule.KIND.equals(write.kind())) {
      Set<String> kinds = new HashSet<>();
      kinds.add(((HealthRuleSpec) write.stored()).kind());
      if (write.before() != null && write.before().get() instanceof HealthRuleSpec before) {
        kinds.add(before.kind());
      }
      publish(null, kinds);
    }
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (HealthRule.KIND.equals(kind)) {
      publish(name, rules.kindOf(name).map(Set::of).orElse(Set.of()));
    }
  }

  /**
   * @param deleted the rule being deleted; null for none
   * @param judged the kinds the rule judged and judges
   */
  private void publish(String deleted, Set<String> judged) {
    // Workloads are locked before the work, in the order every other writer of work takes them.
    Set<UUID> concerned = new HashSet<>();
    for (WorkStore.Row row : work.live()) {
      if (kinds(row).stream().anyMatch(judged::contains)) {
        concerned.add(row.workload());
      }
    }
    Map<UUID, SystemWrites.Locked> locked = writes.lockAll(workloads, concerned);
    work.lock();
    List<WorkStore.Put> puts = new ArrayList<>();
    for (WorkStore.Row row : work.live()) {
      String feedback =
          this.feedback.refreshed(row.feedback(), json.readTree(row.manifests()), deleted);
      if (!feedback.equals(row.feedback())) {
        puts.add(
            new WorkStore.Put(
                row.cluster(),
                row.workload(),
                row.namespace(),
                row.name(),
                row.generation(),
                row.manifests(),
                row.error(),
                row.workloadRevision(),
                row.replicasOwnedByMember(),
                feedback));
      }
    }
    work.put(puts, clock.instant());
    statuses.refresh(locked, clock.instant());
  }

  private Set<String> kinds(WorkStore.Row row) {
    return WorkFeedback.kinds(json.readTree(row.manifests()));
  }
}
