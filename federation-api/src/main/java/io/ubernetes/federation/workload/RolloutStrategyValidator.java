package io.ubernetes.federation.workload;

import io.ubernetes.federation.policy.PlacementValidator;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates rollout strategies, a workload's {@code spec.rolloutStrategy} and a {@code
 * RolloutStrategy}'s spec alike, and a workload's {@code spec.rolloutControl}. Errors name the
 * field.
 */
public final class RolloutStrategyValidator {
  public static final int MAX_STAGES = 20;

  /** More clusters than a federation has; bounds the numbers written in a stage. */
  private static final int MAX_CLUSTERS = 10_000;

  private static final Pattern APPROVAL = Pattern.compile("([^@]*)@([1-9][0-9]{0,8})");

  private RolloutStrategyValidator() {}

  /**
   * Validates a strategy at {@code path}.
   *
   * @param inWorkload whether the strategy is a workload's, which may name a {@code
   *     RolloutStrategy} instead of giving stages
   */
  public static void validate(
      RolloutStrategySpec strategy, String path, boolean inWorkload, FieldErrors errors) {
    if (strategy.strategyRef() != null) {
      if (!inWorkload) {
        errors.add(path + ".strategyRef", "a rollout strategy cannot refer to another strategy");
      } else {
        KubernetesValidation.dnsSubdomain(strategy.strategyRef(), path + ".strategyRef", errors);
        if (!strategy.stages().isEmpty() || strategy.onFailure() != null) {
          errors.add(path, "either strategyRef or stages and onFailure, not both");
        }
      }
      return;
    }
    List<RolloutStage> stages = strategy.stages();
    if (stages.isEmpty()) {
      errors.add(
          path + ".stages",
          inWorkload ? "required unless strategyRef names a RolloutStrategy" : "required");
    } else if (stages.size() > MAX_STAGES) {
      errors.add(path + ".stages", "at most " + MAX_STAGES + " entries, got " + stages.size());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < stages.size(); i++) {
      stage(stages.get(i), path + ".stages[" + i + "]", names, errors);
    }
    String onFailure = strategy.onFailure();
    if (onFailure != null
        && !RolloutStrategySpec.ROLLBACK.equals(onFailure)
        && !RolloutStrategySpec.PAUSE.equals(onFailure)) {
      errors.add(path + ".onFailure", "must be Rollback or Pause, got \"" + onFailure + "\"");
    }
  }

  /** Validates a workload's {@code spec.rolloutControl} at {@code path}. */
  public static void control(RolloutControl control, String path, FieldErrors errors) {
    if (control.approve() != null) {
      Matcher matcher = APPROVAL.matcher(control.approve());
      if (!matcher.matches() || !KubernetesValidation.isDnsLabel(matcher.group(1))) {
        errors.add(
            path + ".approve",
            "must be <stage>@<revision>, e.g. \"eu@3\", got \"" + control.approve() + "\"");
      }
    }
    if (control.abort() != null && control.abort() < 1) {
      errors.add(path + ".abort", "must be a revision, at least 1, got " + control.abort());
    }
    if (control.rollbackTo() != null && control.rollbackTo() < 1) {
      errors.add(
          path + ".rollbackTo", "must be a revision, at least 1, got " + control.rollbackTo());
    }
  }

  private static void stage(
      RolloutStage stage, String path, Set<String> names, FieldErrors errors) {
    if (stage.name() == null) {
      errors.required(path + ".name");
    } else if (!KubernetesValidation.isDnsLabel(stage.name())) {
      KubernetesValidation.dnsLabel(stage.name(), path + ".name", errors);
    } else if (RolloutStage.REST.equals(stage.name())) {
      errors.add(
          path + ".name",
          "\""
              + RolloutStage.REST
              + "\" is the implicit last stage of the clusters no stage selects");
    } else if (!names.add(stage.name())) {
      errors.add(path + ".name", "duplicate stage \"" + stage.name() + "\"");
    }
    PlacementValidator.selector(stage.clusterSelector(), path + ".clusterSelector", errors);
    if (stage.orderBy() != null) {
      KubernetesValidation.labelKey(stage.orderBy(), path + ".orderBy", errors);
    }
    if (stage.maxConcurrency() != null) {
      String problem = stage.maxConcurrency().validate(MAX_CLUSTERS, 100);
      if (problem == null && stage.maxConcurrency().amount() == 0) {
        problem = "must be at least 1 or 1%, got " + stage.maxConcurrency();
      }
      if (problem != null) {
        errors.add(path + ".maxConcurrency", problem);
      }
    }
    errors.range(path + ".maxFailures", stage.maxFailures(), 0, MAX_CLUSTERS);
    Duration minReady = duration(stage.minReadyTime(), path + ".minReadyTime", errors);
    Duration deadline = duration(stage.progressDeadline(), path + ".progressDeadline", errors);
    Duration effectiveDeadline =
        stage.progressDeadline() == null ? RolloutStage.DEFAULT_PROGRESS_DEADLINE : deadline;
    if (deadline != null && deadline.isZero()) {
      errors.add(path + ".progressDeadline", "must be longer than 0s");
    } else if (minReady != null
        && effectiveDeadline != null
        && effectiveDeadline.compareTo(minReady) <= 0) {
      errors.add(
          path + ".progressDeadline",
          "must be longer than minReadyTime ("
              + stage.minReadyTime()
              + "), or no cluster could become healthy in time; got "
              + (stage.progressDeadline() == null ? "the default 10m" : stage.progressDeadline()));
    }
  }

  /** The duration at {@code field}; null when absent or malformed (then with an error). */
  private static Duration duration(String text, String field, FieldErrors errors) {
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      errors.add(field, e.getMessage());
      return null;
    }
  }
}
