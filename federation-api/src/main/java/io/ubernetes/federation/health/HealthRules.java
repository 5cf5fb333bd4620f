package io.ubernetes.federation.health;

import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.ObjectJudge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The operators' health rules as the federation applies them: to every object reported, wherever
 * reports are read ({@link ObjectJudge}), and to the feedback each cluster's work asks for. A rule
 * replaces the agent's built-in rule for its kind: the operator knows the kind better. When several
 * rules are about the same object, the first by name decides. The rules are read again only when
 * one of them changed.
 */
@Component
public class HealthRules implements ObjectJudge {
  private final ResourceReader reader;
  private final HealthRuleStrategy strategy;
  private volatile Cache cache = new Cache(Map.of(), List.of());

  private record Cache(Map<UUID, Long> versions, List<HealthJudgement> rules) {}

  HealthRules(ResourceReader reader, HealthRuleStrategy strategy) {
    this.reader = reader;
    this.strategy = strategy;
  }

  @Override
  public List<ObjectStatus> judge(List<ObjectStatus> objects) {
    List<HealthJudgement> rules = rules();
    if (rules.isEmpty()) {
      return objects;
    }
    List<ObjectStatus> judged = new ArrayList<>(objects.size());
    for (ObjectStatus object : objects) {
      judged.add(
          rules.stream()
              .filter(rule -> rule.judges(object.apiVersion(), object.kind()))
              .findFirst()
              .map(rule -> rule.judge(object))
              .orElse(object));
    }
    return judged;
  }

  /**
   * What the agents must report for the rules about these kinds of object: one feedback rule per
   * health rule, in the order the rules decide.
   */
  public List<FeedbackRule> feedback(Set<String> kinds) {
    return feedback(kinds, null);
  }

  /**
   * As {@link #feedback(Set)}, without the rule of this name: one being deleted.
   *
   * @param without the name of a rule to leave out; null for none
   */
  public List<FeedbackRule> feedback(Set<String> kinds, String without) {
    List<FeedbackRule> feedback = new ArrayList<>();
    for (HealthJudgement rule : rules()) {
      if (kinds.contains(rule.spec().kind()) && !rule.name().equals(without)) {
        feedback.add(rule.feedback());
      }
    }
    return feedback;
  }

  /** The kind the rule of this name judges; empty when there is no such rule. */
  public Optional<String> kindOf(String name) {
    return rules().stream()
        .filter(rule -> rule.name().equals(name))
        .map(rule -> rule.spec().kind())
        .findFirst();
  }

  /** Whether this feedback rule is one a health rule asked for (all its names are reserved). */
  public static boolean asksForHealthRule(FeedbackRule rule) {
    return !rule.paths().isEmpty()
        && rule.paths().stream()
            .allMatch(
                path -> path.name() != null && path.name().startsWith(HealthJudgement.RESERVED));
  }

  private List<HealthJudgement> rules() {
    Map<UUID, Long> versions = reader.versions(strategy);
    Cache current = cache;
    if (current.versions().equals(versions)) {
      return current.rules();
    }
    List<HealthJudgement> rules =
        reader.list(strategy, null, null, null, null).items().stream()
            .filter(rule -> rule.spec() != null && rule.spec().kind() != null)
            .sorted(Comparator.comparing(rule -> rule.metadata().name()))
            .map(rule -> new HealthJudgement(rule.metadata().name(), rule.spec()))
            .toList();
    cache = new Cache(versions, rules);
    return rules;
  }
}
