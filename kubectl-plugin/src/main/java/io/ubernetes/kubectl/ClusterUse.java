package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One member cluster as {@code top clusters} shows it, from its MemberCluster's spec and status.
 *
 * @param health {@code Ready}, {@code NotReady} or {@code Unknown}: the status of its {@code Ready}
 *     condition
 * @param healthSince when that condition last changed
 * @param healthReason why, in a word (the condition's reason)
 * @param healthMessage why, in the agent's or the federation's words
 * @param cpu cores allocated (by what runs there) and free of its nodes' allocatable
 * @param memory bytes allocated and free
 * @param pods pods allocated and free
 * @param pricePerCoreHour {@code spec.cost.cpuCoreHour}
 * @param pricePerGiBHour {@code spec.cost.memoryGiBHour}
 * @param cordoned {@code spec.unschedulable}: it takes no new replicas
 */
record ClusterUse(
    String name,
    String region,
    String zone,
    String tier,
    String provider,
    String health,
    String healthSince,
    String healthReason,
    String healthMessage,
    Quantities.Use cpu,
    Quantities.Use memory,
    Quantities.Use pods,
    Double pricePerCoreHour,
    Double pricePerGiBHour,
    String kubernetesVersion,
    String agentVersion,
    String lastHeartbeatTime,
    boolean cordoned) {

  static ClusterUse of(JsonNode cluster) {
    JsonNode ready = Json.condition(cluster, "Ready");
    return new ClusterUse(
        Json.text(cluster, "metadata", "name"),
        Json.text(cluster, "spec", "region"),
        Json.text(cluster, "spec", "zone"),
        Json.text(cluster, "spec", "tier"),
        Json.text(cluster, "spec", "provider"),
        health(ready == null ? null : Json.text(ready, "status")),
        ready == null ? null : Json.text(ready, "lastTransitionTime"),
        ready == null ? null : Json.text(ready, "reason"),
        ready == null ? null : Json.text(ready, "message"),
        Quantities.use(cluster, "cpu"),
        Quantities.use(cluster, "memory"),
        Quantities.use(cluster, "pods"),
        Json.decimal(cluster, "spec", "cost", "cpuCoreHour"),
        Json.decimal(cluster, "spec", "cost", "memoryGiBHour"),
        Json.text(cluster, "status", "kubernetesVersion"),
        Json.text(cluster, "status", "agentVersion"),
        Json.text(cluster, "status", "lastHeartbeatTime"),
        cluster.path("spec").path("unschedulable").asBoolean(false));
  }

  private static String health(String readyStatus) {
    if ("True".equals(readyStatus)) {
      return "Ready";
    }
    return "False".equals(readyStatus) ? "NotReady" : "Unknown";
  }

  /** How long its health has been what it is at {@code now}, e.g. {@code 5m}. */
  String healthAge(Instant now) {
    return Ages.since(healthSince, now);
  }

  String heartbeatAge(Instant now) {
    String age = Ages.since(lastHeartbeatTime, now);
    return age == null ? null : age + " ago";
  }
}
