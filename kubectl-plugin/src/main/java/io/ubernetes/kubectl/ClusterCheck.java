package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.ubernetes.kubectl.FederationClient.FederationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every member cluster's agent: clusters waiting for approval, clusters that never connected,
 * clusters whose agent stopped sending heartbeats or cannot reach its API server, and agents whose
 * clock drifted from the service's ({@code status.clockSkewSeconds}, from agents that send their
 * time).
 */
final class ClusterCheck implements Checkup.Check {
  static final String CLUSTER = "cluster";
  static final String AGENT_CLOCK = "agent-clock";

  /** Where the member-agent chart's README installs the agent, and the label its pod carries. */
  private static final String AGENT_LOGS =
      "kubectl --context %s -n ubernetes-system logs -l app.kubernetes.io/name=member-agent";

  @Override
  public List<Finding> run(Checkup checkup) {
    List<JsonNode> clusters;
    try {
      clusters = Json.list(checkup.federation().memberClusters(), "items");
    } catch (FederationException e) {
      return List.of(Finding.fail(CLUSTER, e.getMessage(), "check the token's role"));
    }
    if (clusters.isEmpty()) {
      return List.of(
          Finding.warn(
              CLUSTER,
              "no member clusters: no workload can run",
              "install the member agent in a cluster (helm/member-agent, README \"Installing on"
                  + " real clusters\")"));
    }
    Instant now = checkup.clock().instant();
    List<Finding> findings = new ArrayList<>();
    int ready = 0;
    int timed = 0;
    for (JsonNode cluster : clusters) {
      Finding finding = judge(cluster, now);
      if (finding == null) {
        ready++;
      } else {
        findings.add(finding);
      }
      JsonNode skew = Json.at(cluster, "status", "clockSkewSeconds");
      if (skew.isNumber()) {
        timed++;
        Finding clock =
            ClockSkew.judge(
                AGENT_CLOCK,
                Json.text(cluster, "metadata", "name") + "'s agent clock",
                skew.longValue(),
                "synchronize the clocks of that cluster's nodes (NTP, chrony)");
        if (clock.status() != Finding.Status.OK) {
          findings.add(clock);
        }
      }
    }
    if (ready > 0) {
      findings.add(
          0,
          Finding.ok(
              CLUSTER,
              ready
                  + " of "
                  + clusters.size()
                  + " clusters Ready, their agents' heartbeats on time"));
    }
    if (timed > 0 && findings.stream().noneMatch(f -> f.check().equals(AGENT_CLOCK))) {
      findings.add(
          Finding.ok(
              AGENT_CLOCK,
              "the clocks of "
                  + timed
                  + " agents are within "
                  + ClockSkew.TOLERATED_SECONDS
                  + "s of the service's"));
    }
    return findings;
  }

  /** What is wrong with the cluster, or null when it is Ready. */
  private static Finding judge(JsonNode cluster, Instant now) {
    String name = Json.text(cluster, "metadata", "name");
    JsonNode joined = Json.condition(cluster, "Joined");
    JsonNode ready = Json.condition(cluster, "Ready");
    String lastHeartbeat = Json.text(cluster, "status", "lastHeartbeatTime");
    if (joined != null && "False".equals(Json.text(joined, "status"))) {
      String reason = Json.text(joined, "reason");
      String since = Ages.since(Json.text(joined, "lastTransitionTime"), now);
      if ("AwaitingApproval".equals(reason)) {
        return Finding.warn(
            CLUSTER,
            name + ": waiting for approval for " + since,
            "approve or deny it (admin): POST /api/v1/clusters/" + name + ":approve or :deny");
      }
      return Finding.warn(
          CLUSTER,
          name + ": not joined (" + reason + ": " + Json.text(joined, "message") + ")",
          "remove it if no agent is to join: kubectl delete membercluster " + name);
    }
    if (lastHeartbeat == null) {
      String since =
          Ages.since(
              joined != null
                  ? Json.text(joined, "lastTransitionTime")
                  : Json.text(cluster, "metadata", "creationTimestamp"),
              now);
      return Finding.fail(
          CLUSTER,
          name
              + ": never connected: "
              + (joined == null ? "registered " : "joined ")
              + (since == null ? "" : since + " ago ")
              + "and no heartbeat since",
          "start its member agent, or read its log: " + AGENT_LOGS.formatted(name));
    }
    if (ready != null && "True".equals(Json.text(ready, "status"))) {
      return null;
    }
    String status = ready == null ? "Unknown" : Json.text(ready, "status");
    String reason = ready == null ? null : Json.text(ready, "reason");
    String message =
        name
            + ": Ready="
            + status
            + (ready == null
                ? ""
                : " for " + Ages.since(Json.text(ready, "lastTransitionTime"), now))
            + (reason == null ? "" : " (" + reason + ": " + Json.text(ready, "message") + ")")
            + "; last heartbeat "
            + Ages.since(lastHeartbeat, now)
            + " ago";
    String action =
        "APIServerUnreachable".equals(reason)
            ? "its agent cannot reach the cluster's API server: check that cluster's control plane,"
                + " then "
                + AGENT_LOGS.formatted(name)
            : "check that its agent runs and reaches the federation: " + AGENT_LOGS.formatted(name);
    return Finding.fail(CLUSTER, message, action);
  }
}
