package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code where WORKLOAD}: the workload's replicas per member cluster, with the states of its pods
 * there, from its status (what each cluster's agent reports).
 */
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
      Placed placed = Placed.of(federation.workload(ns, workload.name()));
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
      Table table = new Table("CLUSTER", "REPLICAS", "READY", "HEALTH", "POD STATES", "MESSAGE");
      for (Share share : clusters) {
        table.row(
            share.cluster(),
            share.targetReplicas() == null
                ? share.replicas()
                : share.replicas() + " -> " + share.targetReplicas(),
            share.readyReplicas() == null ? "?" : share.readyReplicas(),
            share.health(),
            share.podStates(),
            share.otherMessage());
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
   * @param podStates its pods by state, e.g. {@code 3 Ready, 2 Pending (Unschedulable: 0/4 nodes
   *     are available: 4 Insufficient cpu.)}
   * @param message what the cluster says is wrong, in its own words
   * @param podIssues the pods that do not run as they should, by the member's reason
   */
  record Share(
      String cluster,
      Integer replicas,
      Integer targetReplicas,
      Integer readyReplicas,
      String health,
      String podStates,
      String message,
      List<PodIssue> podIssues) {
    static Share of(JsonNode share) {
      Integer replicas = Json.integer(share, "replicas");
      Integer memberReplicas = Json.integer(share, "memberReplicas");
      Integer ready = Json.integer(share, "readyReplicas");
      List<PodIssue> issues = Json.list(share, "podIssues").stream().map(PodIssue::of).toList();
      return new Share(
          Json.text(share, "name"),
          replicas,
          Json.integer(share, "targetReplicas"),
          ready,
          Json.text(share, "health"),
          PodIssue.states(memberReplicas != null ? memberReplicas : replicas, ready, issues),
          Json.text(share, "message"),
          issues.isEmpty() ? null : issues);
    }

    /**
     * The message without what the pod states already say: the service writes each pod issue into
     * it as {@code N pods REASON: MESSAGE}, parts joined by {@code "; "}.
     */
    String otherMessage() {
      if (message == null || podIssues == null) {
        return message;
      }
      List<String> told = podIssues.stream().map(PodIssue::asInMessage).toList();
      String rest =
          Arrays.stream(message.split("; "))
              .filter(part -> !told.contains(part))
              .collect(Collectors.joining("; "));
      return rest.isEmpty() ? null : rest;
    }
  }

  /**
   * Pods of the workload in one cluster with the same reason for not running as they should.
   *
   * @param reason the member's: {@code Unschedulable}, {@code ImagePullBackOff}, {@code
   *     CrashLoopBackOff}, ...
   * @param since when the first of them came to be so
   */
  record PodIssue(String reason, Integer pods, String message, String since) {
    private static final String UNSCHEDULABLE = "Unschedulable";

    static PodIssue of(JsonNode issue) {
      return new PodIssue(
          Json.text(issue, "reason"),
          Json.integer(issue, "pods"),
          Json.text(issue, "message"),
          Json.text(issue, "since"));
    }

    int count() {
      return pods == null ? 0 : pods;
    }

    /** Pending pods that no node takes are Pending; others go by their reason. */
    String state() {
      return UNSCHEDULABLE.equals(reason) ? "Pending" : reason;
    }

    /** As the workload's message tells it. */
    String asInMessage() {
      return count()
          + (count() == 1 ? " pod " : " pods ")
          + state()
          + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /**
     * {@code 3 Ready, 2 Pending (Unschedulable: 0/4 nodes ...), 1 not ready}: the ready pods, the
     * pods with an issue, and the rest, neither ready nor with an issue (starting, or failing their
     * readiness probe). Null while the cluster is unreachable (nothing ready is known).
     */
    static String states(Integer replicas, Integer ready, List<PodIssue> issues) {
      if (ready == null) {
        return null;
      }
      List<String> states = new ArrayList<>();
      if (ready > 0 || issues.isEmpty()) {
        states.add(ready + " Ready");
      }
      int troubled = 0;
      for (PodIssue issue : issues) {
        troubled += issue.count();
        String detail =
            UNSCHEDULABLE.equals(issue.reason)
                ? issue.reason + (issue.message == null ? "" : ": " + issue.message)
                : issue.message;
        states.add(
            issue.count() + " " + issue.state() + (detail == null ? "" : " (" + detail + ")"));
      }
      int rest = (replicas == null ? 0 : replicas) - ready - troubled;
      if (rest > 0) {
        states.add(rest + " not ready");
      }
      return String.join(", ", states);
    }
  }
}
