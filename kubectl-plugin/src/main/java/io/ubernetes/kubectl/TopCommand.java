package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code top clusters}: every member cluster, its health and what it has used and free. */
@Command(
    name = "top",
    description = "Resource use of the federation's members.",
    subcommands = TopCommand.Clusters.class)
final class TopCommand implements Runnable {
  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;

  /** {@code top} alone names no resource: a usage error, as with kubectl. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing what to show: clusters");
  }

  @Command(
      name = "clusters",
      description =
          "Every member cluster: location, tier, health, cpu/memory/pods used and free, price,"
              + " agent, last heartbeat, cordoned.")
  static final class Clusters implements Callable<Integer> {
    @ParentCommand TopCommand top;
    @Spec CommandSpec spec;
    @Mixin Output output;

    @Override
    public Integer call() {
      try (FederationClient federation = top.ubernetes.federation()) {
        Fleet fleet = Fleet.of(federation.memberClusters());
        output.print(
            spec.commandLine().getOut(), fleet, fleet.table(top.ubernetes.clock().instant()));
      }
      return Ubernetes.OK;
    }
  }

  /** The member clusters, as {@code -o json|yaml} prints them. */
  record Fleet(List<ClusterUse> clusters) {
    static Fleet of(JsonNode list) {
      return new Fleet(Json.list(list, "items").stream().map(ClusterUse::of).toList());
    }

    /** The table, with ages at {@code now}. */
    String table(Instant now) {
      if (clusters.isEmpty()) {
        return "No member clusters.\n";
      }
      Table table =
          new Table(
              "NAME",
              "REGION",
              "ZONE",
              "TIER",
              "HEALTH",
              "SINCE",
              "CPU(USED/FREE)",
              "MEMORY(USED/FREE)",
              "PODS(USED/FREE)",
              "PRICE(CORE-H)",
              "AGENT",
              "HEARTBEAT",
              "CORDONED",
              "WHY");
      for (ClusterUse c : clusters) {
        table.row(
            c.name(),
            c.region(),
            c.zone(),
            c.tier(),
            c.health(),
            c.healthAge(now),
            Quantities.pair(c.cpu(), Quantities::cores),
            Quantities.pair(c.memory(), Quantities::bytes),
            Quantities.pair(c.pods(), Quantities::count),
            c.pricePerCoreHour(),
            c.agentVersion(),
            c.heartbeatAge(now),
            c.cordoned(),
            c.healthReason() == null ? null : c.healthReason() + ": " + c.healthMessage());
      }
      return table.toString();
    }
  }
}
