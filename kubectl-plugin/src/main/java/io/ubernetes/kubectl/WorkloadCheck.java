package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.ubernetes.kubectl.FederationClient.FederationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Workloads stuck: not {@code Scheduled}, or not {@code Ready}, for longer than {@code
 * --stuck-after}, with the condition's reason and message, in every namespace the caller reads and
 * cluster-scoped.
 */
final class WorkloadCheck implements Checkup.Check {
  static final String WORKLOAD = "workload";

  @Override
  public List<Finding> run(Checkup checkup) {
    List<JsonNode> workloads = new ArrayList<>();
    try {
      workloads.addAll(Json.list(checkup.federation().workloads(), "items"));
      workloads.addAll(Json.list(checkup.federation().clusterWorkloads(), "items"));
    } catch (FederationException e) {
      return List.of(Finding.warn(WORKLOAD, e.getMessage(), null));
    }
    Instant now = checkup.clock().instant();
    List<Finding> findings = new ArrayList<>();
    for (JsonNode workload : workloads) {
      Finding stuck = stuck(workload, now, checkup.stuckAfter());
      if (stuck != null) {
        findings.add(stuck);
      }
    }
    if (findings.size() < workloads.size() || workloads.isEmpty()) {
      findings.add(
          0,
          Finding.ok(
              WORKLOAD,
              (workloads.size() - findings.size())
                  + " of "
                  + workloads.size()
                  + " workloads scheduled and ready, or not stuck for "
                  + Ages.of(checkup.stuckAfter())
                  + " yet"));
    }
    return findings;
  }

  private static Finding stuck(JsonNode workload, Instant now, Duration after) {
    String namespace = Json.text(workload, "metadata", "namespace");
    String name = Json.text(workload, "metadata", "name");
    String which = namespace == null ? "clusterfederatedworkload/" + name : namespace + "/" + name;
    String explain = "kubectl ubernetes explain " + target(namespace, name);
    for (String type : List.of("Scheduled", "Ready")) {
      JsonNode condition = Json.condition(workload, type);
      if (condition == null) {
        Instant created = Json.instant(workload, "metadata", "creationTimestamp");
        if ("Scheduled".equals(type) && created != null && created.plus(after).isBefore(now)) {
          return Finding.fail(
              WORKLOAD,
              which
                  + ": not scheduled "
                  + Ages.of(Duration.between(created, now))
                  + " after it was created",
              "is the scheduler running? look at the service's log; " + explain);
        }
        continue;
      }
      if ("True".equals(Json.text(condition, "status"))) {
        continue;
      }
      Instant since = Json.instant(condition, "lastTransitionTime");
      if (since == null || !since.plus(after).isBefore(now)) {
        continue;
      }
      return Finding.fail(
          WORKLOAD,
          which
              + ": not "
              + type
              + " for "
              + Ages.of(Duration.between(since, now))
              + " ("
              + Json.text(condition, "reason")
              + ": "
              + Json.text(condition, "message")
              + ")",
          "Scheduled".equals(type)
              ? explain
              : "kubectl ubernetes where " + target(namespace, name));
    }
    return null;
  }

  /** The workload as the plugin's commands take it. */
  private static String target(String namespace, String name) {
    return namespace == null ? "cfw/" + name : name + " -n " + namespace;
  }
}
