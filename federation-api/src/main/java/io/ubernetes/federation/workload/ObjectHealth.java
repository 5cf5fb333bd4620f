package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ObjectsHealthy}: how the objects of a workload are doing in the clusters that run it, as
 * their agents judged them (or the operator's health rules did). False naming the cluster, the
 * object and its reason when one is Degraded, or while some are still progressing; True when every
 * object that has a health is Healthy. Absent while no cluster reported objects.
 */
final class ObjectHealth {
  static final String CONDITION = "ObjectsHealthy";

  /** Objects named in the message: the rest are counted. */
  private static final int NAMED = 5;

  private ObjectHealth() {}

  /**
   * @param reports the reports of the reachable clusters that run the workload, by cluster
   */
  static List<Condition> condition(
      List<Condition> conditions,
      Map<String, ClusterReport> reports,
      long generation,
      Instant now) {
    List<String> degraded = new ArrayList<>();
    List<String> progressing = new ArrayList<>();
    int healthy = 0;
    int unjudged = 0;
    int reported = 0;
    for (Map.Entry<String, ClusterReport> entry : reports.entrySet()) {
      for (ObjectStatus object : entry.getValue().objects()) {
        reported++;
        String where = entry.getKey() + ": " + describe(object);
        if (object.health() == null) {
          unjudged++;
        } else if (ObjectStatus.DEGRADED.equals(object.health())) {
          degraded.add(where);
        } else if (ObjectStatus.HEALTHY.equals(object.health())) {
          healthy++;
        } else {
          progressing.add(where);
        }
      }
    }
    if (reported == 0) {
      return conditions.stream().filter(c -> !c.type().equals(CONDITION)).toList();
    }
    if (!degraded.isEmpty()) {
      return Conditions.set(
          conditions, CONDITION, "False", "ObjectDegraded", named(degraded), generation, now);
    }
    if (!progressing.isEmpty()) {
      return Conditions.set(
          conditions,
          CONDITION,
          "False",
          "ObjectsProgressing",
          named(progressing),
          generation,
          now);
    }
    return Conditions.set(
        conditions,
        CONDITION,
        "True",
        "AllHealthy",
        healthy
            + (healthy == 1 ? " object" : " objects")
            + " healthy"
            + (unjudged == 0 ? "" : "; " + unjudged + " without a health rule"),
        generation,
        now);
  }

  /** {@code Job shop/migrate Degraded: BackoffLimitExceeded: Job has reached the backoff limit}. */
  static String describe(ObjectStatus object) {
    StringBuilder text =
        new StringBuilder(object.kind())
            .append(' ')
            .append(object.namespace() == null ? "" : object.namespace() + "/")
            .append(object.name())
            .append(' ')
            .append(object.health() == null ? "without health" : object.health());
    if (object.reason() != null && !object.reason().isBlank()) {
      text.append(": ").append(object.reason());
    }
    if (object.message() != null && !object.message().isBlank()) {
      text.append(": ").append(object.message());
    }
    return text.toString();
  }

  private static String named(List<String> objects) {
    String named = String.join("; ", objects.subList(0, Math.min(NAMED, objects.size())));
    return objects.size() <= NAMED ? named : named + "; and " + (objects.size() - NAMED) + " more";
  }
}
