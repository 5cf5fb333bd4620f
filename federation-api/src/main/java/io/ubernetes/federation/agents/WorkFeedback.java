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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which status fields of a workload's objects its clusters' agents report back: those the health
 * rules of the kinds the cluster's work holds need, first (so a workload's own fields cannot crowd
 * them out of the agent's limit), then the workload's own {@code spec.statusFeedback}. Not part of
 * its revisions: asking for other fields changes what is observed, not what runs, so it reaches
 * every cluster at once without a rollout.
 */
@Component
class WorkFeedback {
  private static final TypeReference<List<FeedbackRule>> FEEDBACK = new TypeReference<>() {};

  private final HealthRules healthRules;
  private final JsonMapper json;

  WorkFeedback(HealthRules healthRules, JsonMapper json) {
    this.healthRules = healthRules;
    this.json = json;
  }

  /**
   * @param manifests the objects of one cluster's work
   */
  List<FeedbackRule> of(FederatedWorkload workload, JsonNode manifests) {
    List<FeedbackRule> rules = new ArrayList<>(healthRules.feedback(kinds(manifests)));
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

  /**
   * Stored feedback with the health rules' part made anew for these manifests, the workload's own
   * fields kept: for work whose objects or rules changed without the workload being rendered.
   *
   * @param stored the work's feedback as stored, a JSON array
   * @param deleted a health rule being deleted, left out; null for none
   * @return the feedback to store, a JSON array
   */
  String refreshed(String stored, JsonNode manifests, String deleted) {
    List<FeedbackRule> before = json.readValue(stored, FEEDBACK);
    List<FeedbackRule> after = new ArrayList<>(healthRules.feedback(kinds(manifests), deleted));
    before.stream().filter(rule -> !HealthRules.asksForHealthRule(rule)).forEach(after::add);
    return after.equals(before) ? stored : json.writeValueAsString(after);
  }

  static Set<String> kinds(JsonNode manifests) {
    Set<String> kinds = new HashSet<>();
    manifests.forEach(manifest -> kinds.add(manifest.path("kind").asString("")));
    return kinds;
  }
}
