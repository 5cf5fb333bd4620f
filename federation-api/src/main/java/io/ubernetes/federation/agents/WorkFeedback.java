package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.StatusFeedback;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which status fields of a workload's objects its clusters' agents report back: the workload's own
 * {@code spec.statusFeedback}. Not part of its revisions: asking for other fields changes what is
 * observed, not what runs, so it reaches every cluster at once without a rollout.
 */
@Component
class WorkFeedback {
  List<FeedbackRule> of(FederatedWorkload workload) {
    List<FeedbackRule> rules = new ArrayList<>();
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
