package io.ubernetes.kubectl;

import picocli.CommandLine.Command;

/**
 * {@code approve NAME} and {@code deny NAME}: an operator's decision about a cluster waiting to
 * join (the federation's {@code approval} join mode), through {@code POST
 * /api/v1/clusters/NAME:approve} and {@code :deny}. A cluster no join request waits for is not
 * found (exit 3).
 */
final class AdmissionCommands {
  private AdmissionCommands() {}

  /** Sends the decision and says it was taken. */
  abstract static class Decision extends ClusterCommand {
    private final String verb;
    private final String taken;

    Decision(String verb, String taken) {
      this.verb = verb;
      this.taken = taken;
    }

    @Override
    public Integer call() {
      try (FederationClient federation = ubernetes.federation()) {
        federation.send(
            "POST",
            "api/v1/clusters/" + FederationClient.segment(cluster) + ":" + verb,
            null,
            null,
            "cluster " + cluster);
      }
      done("membercluster/" + cluster + " " + taken);
      return Ubernetes.OK;
    }
  }

  @Command(
      name = "approve",
      description =
          "Approve a cluster waiting to join: its agent gets its credential the next time it asks.")
  static final class Approve extends Decision {
    Approve() {
      super("approve", "approved");
    }
  }

  @Command(
      name = "deny",
      description =
          "Deny a cluster: its agent is refused, and any credential it has stops working.")
  static final class Deny extends Decision {
    Deny() {
      super("deny", "denied");
    }
  }
}
