package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.federation.health.HealthRules;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.StatusFeedback;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Which status fields of a workload's objects its clusters' agents report back: those the health
 * rules of the kinds the cluster's work holds need, first (so a workload's own fields cannot crowd
 * them out of the agent's limit), then the workload's own {@code spec.statusFeedback}. Not part of
 * its revisions: asking for other fields changes what is observed, not what runs, so it reaches
 * every cluster at once without a rollout.
 */
@Component
class WorkFeedback {
  private final HealthRules healthRules;

  WorkFeedback(HealthRules healthRules) {
    this.healthRules = healthRules;
  }

  /**
   * @param manifests the objects of one cluster's work
   */
  List<FeedbackRule> of(FederatedWorkload workload, JsonNode manifests) {
    Set<String> kinds = new HashSet<>();
    manifests.forEach(manifest -> kinds.add(manifest.path("kind").asString("")));
    List<FeedbackRule> rules = new ArrayList<>(healthRules.feedback(kinds));
    for (StatusFeedback feedback : workload.spec().statusFeedback()) {
      rules.add(
          new FeedbackRule(
              feedback.apiVersion(),
              feedback.kind(),
              feedback.name(),
              feedback.jsonPaths().stream()
                  .map(path -> new FeedbackRule.FeedbackPath(path.name(), path.path()))
                  .toList()));
    }
    return rules;
  }
}
