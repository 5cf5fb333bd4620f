package io.ubernetes.federation.resource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Sets conditions the Kubernetes way: a transition time that moves only when the status does. */
public final class Conditions {
  private Conditions() {}

  /**
   * Returns {@code conditions} with the condition of {@code type} set; its lastTransitionTime is
   * kept when its status does not change. Other conditions keep their order.
   */
  public static List<Condition> set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    List<Condition> result = new ArrayList<>();
    boolean found = false;
    for (Condition condition : conditions) {
      if (condition.type().equals(type)) {
        found = true;
        String since =
            condition.status().equals(status)
                ? condition.lastTransitionTime()
                : now.truncatedTo(ChronoUnit.SECONDS).toString();
        result.add(new Condition(type, status, reason, message, since, observedGeneration));
      } else {
        result.add(condition);
      }
    }
    if (!found) {
      result.add(
          new Condition(
              type,
              status,
              reason,
              message,
              now.truncatedTo(ChronoUnit.SECONDS).toString(),
              observedGeneration));
    }
    return List.copyOf(result);
  }

  /** The condition of {@code type}, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    for (Condition condition : conditions) {
      if (condition.type().equals(type)) {
        return condition;
      }
    }
    return null;
  }
}
