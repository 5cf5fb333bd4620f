package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code drain CLUSTER}: cordons the cluster, then watches the federation move its replicas away
 * (make-before-break, as it moves replicas of its own accord) until none is left there. Replicas
 * that no other cluster may take (residency, selectors) stay: the scheduler says so in the
 * placement's problems ({@code keeps 2 replicas on unschedulable cluster X: no permitted cluster
 * can take them}), and the drain then stops, naming each such workload and the rules that keep the
 * other clusters out, with exit code 1.
 */
@Command(
    name = "drain",
    description =
        "Cordon a cluster and wait until the federation has moved its replicas elsewhere; names"
            + " the workloads that cannot move and why.")
final class DrainCommand extends ClusterCommand {
  @Mixin Waiting waiting;

  /**
   * A workload that still has replicas on the cluster.
   *
   * @param stuck why they cannot move, when the scheduler has said so; null while they move
   */
  record Left(String workload, int replicas, String stuck) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (FederationClient federation = ubernetes.federation()) {
      CordonCommands.unschedulable(federation, cluster, true);
      done("membercluster/" + cluster + " cordoned");
      if (!waiting.await) {
        return Ubernetes.OK;
      }
      AtomicInteger reported = new AtomicInteger(-1);
      List<List<Left>> last = new ArrayList<>(List.of(List.of()));
      Optional<List<Left>> settled =
          Polling.until(
              ubernetes.pollInterval,
              waiting.timeout,
              () -> {
                List<Left> left = left(federation);
                last.set(0, left);
                if (left.isEmpty() || left.stream().allMatch(l -> l.stuck() != null)) {
                  return Optional.of(left);
                }
                if (reported.getAndSet(left.size()) != left.size()) {
                  out.println(
                      "waiting for the replicas of "
                          + left.size()
                          + (left.size() == 1 ? " workload" : " workloads")
                          + " to leave "
                          + cluster);
                  out.flush();
                }
                return Optional.empty();
              });
      if (settled.isPresent() && settled.get().isEmpty()) {
        done("membercluster/" + cluster + " drained");
        return Ubernetes.OK;
      }
      List<Left> left = settled.orElse(last.get(0));
      out.print(table(left));
      out.flush();
      spec.commandLine()
          .getErr()
          .println(
              "error: "
                  + (settled.isPresent()
                      ? "replicas of " + left.size() + " workload(s) cannot leave " + cluster
                      : "replicas still on " + cluster + " after " + waiting.timeout));
      return Ubernetes.FAILED;
    }
  }

  private static String table(List<Left> left) {
    Table table = new Table("WORKLOAD", "REPLICAS", "WHY");
    left.forEach(
        l -> table.row(l.workload(), l.replicas(), l.stuck() == null ? "moving" : l.stuck()));
    return table.toString();
  }

  /** The workloads, namespaced and cluster-scoped, with replicas on the cluster now. */
  private List<Left> left(FederationClient federation) {
    List<Left> left = new ArrayList<>();
    for (String plural : List.of("federatedworkloads", "clusterfederatedworkloads")) {
      JsonNode list;
      try {
        list = federation.get(FederationClient.API + plural, plural);
      } catch (FederationClient.NotFoundException e) {
        continue;
      }
      for (JsonNode workload : Json.list(list, "items")) {
        int replicas =
            Json.list(workload, "status", "clusters").stream()
                .filter(share -> cluster.equals(Json.text(share, "name")))
                .mapToInt(share -> share.path("replicas").asInt())
                .sum();
        if (replicas > 0) {
          left.add(stuck(federation, plural, workload, replicas));
        }
      }
    }
    return left;
  }

  /** The workload's share, and why it cannot move if its placement says so. */
  private Left stuck(FederationClient federation, String plural, JsonNode workload, int replicas) {
    String namespace = Json.text(workload, "metadata", "namespace");
    String name = Json.text(workload, "metadata", "name");
    String path =
        namespace == null
            ? FederationClient.API + plural + "/" + FederationClient.segment(name)
            : FederationClient.API
                + "namespaces/"
                + FederationClient.segment(namespace)
                + "/"
                + plural
                + "/"
                + FederationClient.segment(name);
    String qualified = namespace == null ? name : namespace + "/" + name;
    JsonNode placement;
    try {
      placement = federation.get(path + "/placement", "placement of workload " + qualified);
    } catch (FederationClient.NotFoundException e) {
      return new Left(qualified, replicas, null);
    }
    String marker = "on unschedulable cluster " + cluster + ":";
    Optional<String> problem =
        Json.list(placement, "problems").stream()
            .map(JsonNode::asText)
            .filter(p -> p.contains(marker))
            .findFirst();
    if (problem.isEmpty()) {
      return new Left(qualified, replicas, null);
    }
    List<String> rules = new ArrayList<>();
    placement
        .path("filtered")
        .properties()
        .forEach(
            rule -> {
              List<String> clusters = new ArrayList<>();
              rule.getValue().forEach(c -> clusters.add(c.asText()));
              clusters.remove(cluster);
              if (!clusters.isEmpty()) {
                rules.add(String.join(", ", clusters) + ": " + rule.getKey());
              }
            });
    return new Left(
        qualified,
        replicas,
        problem.get() + (rules.isEmpty() ? "" : " (" + String.join("; ", rules) + ")"));
  }
}
