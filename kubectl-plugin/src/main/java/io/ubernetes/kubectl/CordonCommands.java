package io.ubernetes.kubectl;

import picocli.CommandLine.Command;

/**
 * {@code cordon CLUSTER} and {@code uncordon CLUSTER}: a merge patch of the MemberCluster's {@code
 * spec.unschedulable}. A cordoned cluster takes no new replicas and the federation moves those it
 * runs elsewhere, make-before-break, where the workloads' rules allow ({@code drain} waits for
 * that).
 */
final class CordonCommands {
  private CordonCommands() {}

  /** Sets or clears {@code spec.unschedulable}. */
  static void unschedulable(FederationClient federation, String cluster, boolean cordoned) {
    federation.send(
        "PATCH",
        FederationClient.API + "memberclusters/" + FederationClient.segment(cluster),
        "application/merge-patch+json",
        "{\"spec\":{\"unschedulable\":" + (cordoned ? "true" : "null") + "}}",
        "member cluster " + cluster);
  }

  /** Sets or clears the cordon and says so. */
  abstract static class Mark extends ClusterCommand {
    private final boolean cordon;

    Mark(boolean cordon) {
      this.cordon = cordon;
    }

    @Override
    public Integer call() {
      try (FederationClient federation = ubernetes.federation()) {
        unschedulable(federation, cluster, cordon);
      }
      done("membercluster/" + cluster + (cordon ? " cordoned" : " uncordoned"));
      return Ubernetes.OK;
    }
  }

  @Command(
      name = "cordon",
      description =
          "Mark a cluster unschedulable: it takes no new replicas, and its replicas move elsewhere"
              + " where the workloads' rules allow.")
  static final class Cordon extends Mark {
    Cordon() {
      super(true);
    }
  }

  @Command(
      name = "uncordon",
      description = "Mark a cluster schedulable again: it may take replicas.")
  static final class Uncordon extends Mark {
    Uncordon() {
      super(false);
    }
  }
}
