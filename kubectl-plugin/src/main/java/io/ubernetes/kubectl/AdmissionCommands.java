package io.ubernetes.kubectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code approve NAME} and {@code deny NAME}: an operator's decision about a cluster waiting to
 * join (the federation's {@code approval} join mode), through {@code POST
 * /api/v1/clusters/NAME:approve} and {@code :deny}. A cluster no join request waits for is not
 * found (exit 3).
 */
final class AdmissionCommands {
  private AdmissionCommands() {}

  /** Sends the decision and says it was taken. */
  static int decide(Ubernetes ubernetes, CommandSpec spec, String name, String verb, String done) {
    try (FederationClient federation = ubernetes.federation()) {
      federation.send(
          "POST",
          "api/v1/clusters/" + FederationClient.segment(name) + ":" + verb,
          null,
          null,
          "cluster " + name);
    }
    spec.commandLine().getOut().println("membercluster/" + name + " " + done);
    spec.commandLine().getOut().flush();
    return Ubernetes.OK;
  }

  @Command(
      name = "approve",
      description =
          "Approve a cluster waiting to join: its agent gets its credential the next time it asks.")
  static final class Approve implements Callable<Integer> {
    @ParentCommand Ubernetes ubernetes;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "the cluster's name")
    String name;

    @Override
    public Integer call() {
      return decide(ubernetes, spec, name, "approve", "approved");
    }
  }

  @Command(
      name = "deny",
      description =
          "Deny a cluster: its agent is refused, and any credential it has stops working.")
  static final class Deny implements Callable<Integer> {
    @ParentCommand Ubernetes ubernetes;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "the cluster's name")
    String name;

    @Override
    public Integer call() {
      return decide(ubernetes, spec, name, "deny", "denied");
    }
  }
}
