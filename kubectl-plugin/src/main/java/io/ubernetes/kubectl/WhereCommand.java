package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code where WORKLOAD}: the workload's replicas per member cluster, from its status. */
@Command(name = "where", description = "Where a workload's replicas are, cluster by cluster.")
final class WhereCommand implements Callable<Integer> {
  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;
  @Mixin Output output;

  @Mixin WorkloadName workload;

  @Override
  public Integer call() {
    try (FederationClient federation = ubernetes.federation()) {
      String ns = workload.namespace(federation);
      Placed placed = Placed.of(federation.workload(ns, workload.name));
      output.print(spec.commandLine().getOut(), placed, placed.table());
    }
    return Ubernetes.OK;
  }

  /**
   * A workload's replicas per cluster.
   *
   * @param desiredReplicas what the workload asks for across the federation
   * @param readyReplicas ready across the federation
   */
  record Placed(
      String namespace,
      String name,
      Integer desiredReplicas,
      Integer readyReplicas,
      List<Share> clusters) {
    static Placed of(JsonNode workload) {
      return new Placed(
          Json.text(workload, "metadata", "namespace"),
          Json.text(workload, "metadata", "name"),
          Json.integer(workload, "spec", "replicas"),
          Json.integer(workload, "status", "readyReplicas"),
          Json.list(workload, "status", "clusters").stream().map(Share::of).toList());
    }

    String table() {
      if (clusters.isEmpty()) {
        return "No replicas placed yet for " + namespace + "/" + name + ".\n";
      }
      Table table = new Table("CLUSTER", "REPLICAS", "READY", "HEALTH", "MESSAGE");
      for (Share share : clusters) {
        table.row(
            share.cluster(),
            share.targetReplicas() == null
                ? share.replicas()
                : share.replicas() + " -> " + share.targetReplicas(),
            share.readyReplicas() == null ? "?" : share.readyReplicas(),
            share.health(),
            share.message());
      }
      return table.toString();
    }
  }

  /**
   * One cluster's share.
   *
   * @param replicas what the cluster is told to run now
   * @param targetReplicas while replicas move, what it is to run once the move completes
   * @param readyReplicas ready there; absent while the cluster is unreachable
   * @param health Healthy, Progressing, Degraded or Unknown
   * @param message what the cluster says is wrong, in its own words
   */
  record Share(
      String cluster,
      Integer replicas,
      Integer targetReplicas,
      Integer readyReplicas,
      String health,
      String message) {
    static Share of(JsonNode share) {
      return new Share(
          Json.text(share, "name"),
          Json.integer(share, "replicas"),
          Json.integer(share, "targetReplicas"),
          Json.integer(share, "readyReplicas"),
          Json.text(share, "health"),
          Json.text(share, "message"));
    }
  }
}
