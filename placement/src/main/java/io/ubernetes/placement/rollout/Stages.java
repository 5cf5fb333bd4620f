package io.ubernetes.placement.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Stage membership: every cluster is in the first stage whose selector matches it; clusters no
 * stage matches form an implicit last stage, {@value #REST}, so that a strategy never leaves a
 * cluster without a stage (and so without a revision to run). Inside a stage, clusters are ordered
 * by the stage's {@code orderBy} label value (clusters without it last), then by name, so that the
 * same fleet always updates in the same order.
 */
public final class Stages {
  /** The name of the implicit last stage. */
  public static final String REST = "rest";

  private Stages() {}

  /**
   * The clusters of each stage, in the plan's order: one list per stage of the plan (empty when it
   * selects none), then {@value #REST} only when non-empty.
   */
  public static List<List<String>> partition(
      RolloutPlan plan, Map<String, Map<String, String>> labelsByCluster) {
    List<List<String>> stages = all(plan, labelsByCluster);
    if (stages.getLast().isEmpty()) {
      return List.copyOf(stages.subList(0, stages.size() - 1));
    }
    return stages;
  }

  /** The stage at {@code index}: the plan's, or the implicit {@value #REST} past its end. */
  public static Stage stage(RolloutPlan plan, int index) {
    return index < plan.stages().size() ? plan.stages().get(index) : rest();
  }

  /** The name of the stage at {@code index} ({@value #REST} past the plan's end). */
  public static String name(RolloutPlan plan, int index) {
    return stage(plan, index).name();
  }

  /**
   * The implicit last stage: every default (all at once, no failure tolerated, no bake, no
   * approval).
   */
  public static Stage rest() {
    return Stage.of(REST, null);
  }

  /** One list per stage of the plan, then the rest (possibly empty): always stages + 1 lists. */
  static List<List<String>> all(
      RolloutPlan plan, Map<String, Map<String, String>> labelsByCluster) {
    int count = plan.stages().size();
    List<List<String>> members = new ArrayList<>();
    for (int i = 0; i <= count; i++) {
      members.add(new ArrayList<>());
    }
    for (Map.Entry<String, Map<String, String>> cluster : labelsByCluster.entrySet()) {
      Map<String, String> labels = cluster.getValue() == null ? Map.of() : cluster.getValue();
      int index = count;
      for (int i = 0; i < count; i++) {
        if (plan.stages().get(i).selector().matches(labels)) {
          index = i;
          break;
        }
      }
      members.get(index).add(cluster.getKey());
    }
    List<List<String>> ordered = new ArrayList<>();
    for (int i = 0; i <= count; i++) {
      List<String> stage = members.get(i);
      stage.sort(order(stage(plan, i).orderBy(), labelsByCluster));
      ordered.add(List.copyOf(stage));
    }
    return List.copyOf(ordered);
  }

  private static Comparator<String> order(
      String orderBy, Map<String, Map<String, String>> labelsByCluster) {
    Comparator<String> byName = Comparator.naturalOrder();
    if (orderBy == null) {
      return byName;
    }
    Comparator<String> byLabel =
        Comparator.comparing(
            cluster -> {
              Map<String, String> labels = labelsByCluster.get(cluster);
              return labels == null ? null : labels.get(orderBy);
            },
            Comparator.nullsLast(Comparator.naturalOrder()));
    return byLabel.thenComparing(byName);
  }
}
