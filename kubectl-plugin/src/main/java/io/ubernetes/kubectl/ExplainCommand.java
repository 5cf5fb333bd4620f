package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code explain WORKLOAD}: the scheduler's stored explanation of a workload's placement, term by
 * term, with the workload's conditions, its namespace's quota use, its DNS names and the last
 * events of its history.
 */
@Command(
    name = "explain",
    description =
        "Why a workload's replicas are where they are: the clusters chosen and their cost terms,"
            + " the clusters rejected and why, its conditions, its namespace's quota use and the"
            + " DNS names of the FederatedServices that select it and the last events of its"
            + " history (placed, moved, failed over, rolled out).")
final class ExplainCommand implements Callable<Integer> {
  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;
  @Mixin Output output;

  @Mixin WorkloadName workload;

  @Override
  public Integer call() {
    try (FederationClient federation = ubernetes.federation()) {
      String ns = workload.namespace(federation);
      JsonNode object = federation.workload(ns, workload.name());
      JsonNode placement = federation.placement(ns, workload.name());
      Explanation explanation =
          Explanation.of(
              object,
              placement,
              servedOrNone(federation::quotas, ns),
              servedOrNone(federation::services, ns),
              events(federation, ns, workload.name()),
              ubernetes.clock().instant());
      output.print(spec.commandLine().getOut(), explanation, explanation.text());
    }
    return Ubernetes.OK;
  }

  /**
   * The workload's events (a cluster-scoped workload's are filed in {@code default}, as Kubernetes
   * files a cluster-scoped object's); none where the federation serves no events.
   */
  private static JsonNode events(FederationClient federation, String namespace, String name) {
    try {
      return federation.events(namespace, name);
    } catch (FederationClient.NotFoundException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * A namespace's list of one kind; none where the federation does not serve the kind, nor for a
   * cluster-scoped workload.
   */
  private static JsonNode servedOrNone(Function<String, JsonNode> list, String namespace) {
    if (namespace == null) {
      return MissingNode.getInstance();
    }
    try {
      return list.apply(namespace);
    } catch (FederationClient.NotFoundException e) {
      return MissingNode.getInstance();
    }
  }
}
