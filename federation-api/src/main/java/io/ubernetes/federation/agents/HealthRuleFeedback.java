package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.federation.health.HealthRule;
import io.ubernetes.federation.health.HealthRules;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.resource.WriteHook;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings a health rule's change to every cluster's work, in the transaction of the rule's write or
 * deletion: the fields the rules need are asked of the agents anew, and nothing else of the work
 * changes. Feedback is not content, so no workload gets a revision or a rollout for it.
 */
@Component
class HealthRuleFeedback implements WriteHook, DeletionHook {
  private static final TypeReference<List<FeedbackRule>> FEEDBACK = new TypeReference<>() {};

  private final WorkStore work;
  private final HealthRules rules;
  private final JsonMapper json;
  private final Clock clock;

  HealthRuleFeedback(WorkStore work, HealthRules rules, JsonMapper json, Clock clock) {
    this.work = work;
    this.rules = rules;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void written(Written write) {
    if (HealthRule.KIND.equals(write.kind())) {
      publish(null);
    }
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (HealthRule.KIND.equals(kind)) {
      publish(name);
    }
  }

  private void publish(String deleted) {
    work.lock();
    List<WorkStore.Put> puts = new ArrayList<>();
    for (WorkStore.Row row : work.live()) {
      Set<String> kinds = new HashSet<>();
      json.readTree(row.manifests())
          .forEach(manifest -> kinds.add(manifest.path("kind").asString("")));
      List<FeedbackRule> before = json.readValue(row.feedback(), FEEDBACK);
      List<FeedbackRule> after = new ArrayList<>(rules.feedback(kinds, deleted));
      before.stream().filter(rule -> !HealthRules.asksForHealthRule(rule)).forEach(after::add);
      if (!after.equals(before)) {
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
                json.writeValueAsString(after)));
      }
    }
    work.put(puts, clock.instant());
  }
}
