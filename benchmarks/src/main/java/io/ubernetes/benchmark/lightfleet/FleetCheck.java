package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.fleet.FleetClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Whether the members hold exactly what the federation placed: for every workload in namespaces
 * starting with {@code prefix}, its shares in its status ({@code status.clusters[].replicas}, what
 * each cluster is told to run) against what each member holds from its work feed.
 *
 * @param workloads the workloads the federation lists
 * @param shares the clusters they are placed on, counted once per workload and cluster
 * @param notReady those whose {@code Ready} condition is not {@code True}
 * @param missing shares a member does not hold
 * @param wrongReplicas shares a member holds with another replica count
 * @param unexpected workloads a member holds that were not placed on it
 */
record FleetCheck(
    int workloads, int shares, int notReady, int missing, int wrongReplicas, int unexpected) {

  static FleetCheck of(FleetClient client, LightFleet fleet, String prefix) throws Exception {
    List<JsonNode> items = client.workloads(prefix);
    Map<String, Map<String, Integer>> placed = new HashMap<>();
    int notReady = 0;
    int shares = 0;
    for (JsonNode workload : items) {
      String key =
          workload.at("/metadata/namespace").asString()
              + "/"
              + workload.at("/metadata/name").asString();
      if (!FleetClient.condition(workload, "Ready")) {
        notReady++;
      }
      for (JsonNode share : workload.at("/status/clusters")) {
        int replicas = share.path("replicas").asInt();
        if (replicas > 0) {
          shares++;
          placed
              .computeIfAbsent(share.path("name").asString(), c -> new HashMap<>())
              .put(key, replicas);
        }
      }
    }
    int missing = 0;
    int wrong = 0;
    int unexpected = 0;
    for (LightMember member : fleet.members()) {
      Map<String, Integer> expected = placed.getOrDefault(member.name(), Map.of());
      Map<String, Integer> held = new HashMap<>(member.holdings());
      held.keySet().removeIf(key -> !key.startsWith(prefix + "-"));
      for (Map.Entry<String, Integer> share : expected.entrySet()) {
        Integer holds = held.get(share.getKey());
        if (holds == null) {
          missing++;
        } else if (!holds.equals(share.getValue())) {
          wrong++;
        }
      }
      for (String key : held.keySet()) {
        if (!expected.containsKey(key)) {
          unexpected++;
        }
      }
    }
    return new FleetCheck(items.size(), shares, notReady, missing, wrong, unexpected);
  }

  int off() {
    return notReady + missing + wrongReplicas + unexpected;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%d workloads on %d shares: not Ready %d; shares missing %d, wrong replica count %d, in clusters not"
            + " placed on %d",
        workloads,
        shares,
        notReady,
        missing,
        wrongReplicas,
        unexpected);
  }
}
