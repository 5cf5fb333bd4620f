package io.ubernetes.kubectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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

  private static int mark(Ubernetes ubernetes, CommandSpec spec, String cluster, boolean cordon) {
    try (FederationClient federation = ubernetes.federation()) {
      unschedulable(federation, cluster, cordon);
    }
    spec.commandLine()
        .getOut()
        .println("membercluster/" + cluster + (cordon ? " cordoned" : " uncordoned"));
    spec.commandLine().getOut().flush();
    return Ubernetes.OK;
  }

  @Command(
      name = "cordon",
      description =
          "Mark a cluster unschedulable: it takes no new replicas, and its replicas move elsewhere"
              + " where the workloads' rules allow.")
  static final class Cordon implements Callable<Integer> {
    @ParentCommand Ubernetes ubernetes;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "the member cluster's name")
    String cluster;

    @Override
    public Integer call() {
      return mark(ubernetes, spec, cluster, true);
    }
  }

  @Command(
      name = "uncordon",
      description = "Mark a cluster schedulable again: it may take replicas.")
  static final class Uncordon implements Callable<Integer> {
    @ParentCommand Ubernetes ubernetes;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "the member cluster's name")
    String cluster;

    @Override
    public Integer call() {
      return mark(ubernetes, spec, cluster, false);
    }
  }
}
