package io.ubernetes.kubectl;

import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The workload a command is about: its name, and {@code -n} for its namespace. */
final class WorkloadName {
  /** How kubectl users name a ClusterFederatedWorkload: its short name, singular or plural kind. */
  private static final List<String> CLUSTER_SCOPED =
      List.of("cfw/", "clusterfederatedworkload/", "clusterfederatedworkloads/");

  private static final List<String> NAMESPACED =
      List.of("fw/", "federatedworkload/", "federatedworkloads/");

  @Parameters(
      index = "0",
      paramLabel = "WORKLOAD",
      description =
          "a FederatedWorkload's name; the rollout verbs also take cfw/NAME, a"
              + " ClusterFederatedWorkload")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      description = "its namespace (default: the kubeconfig context's)")
  String namespace;

  /** The namespace given, or the kubeconfig context's. */
  String namespace(FederationClient federation) {
    return namespace == null ? federation.namespace() : namespace;
  }

  /** Whether the name is a ClusterFederatedWorkload's, e.g. {@code cfw/tools}. */
  boolean clusterScoped() {
    return CLUSTER_SCOPED.stream().anyMatch(name::startsWith);
  }

  /** The name without the kind before it, e.g. {@code tools} for {@code cfw/tools}. */
  String bareName() {
    return CLUSTER_SCOPED.stream()
        .filter(name::startsWith)
        .findFirst()
        .or(() -> NAMESPACED.stream().filter(name::startsWith).findFirst())
        .map(kind -> name.substring(kind.length()))
        .orElse(name);
  }

  /**
   * The workload's path under the API, e.g. {@code .../namespaces/shop/federatedworkloads/web} or
   * {@code .../clusterfederatedworkloads/tools}.
   */
  String path(FederationClient federation) {
    return FederationClient.API
        + (clusterScoped()
            ? "clusterfederatedworkloads/"
            : "namespaces/"
                + FederationClient.segment(namespace(federation))
                + "/federatedworkloads/")
        + FederationClient.segment(bareName());
  }

  /** The workload as messages name it: {@code shop/web}, {@code clusterfederatedworkload/tools}. */
  String qualified(FederationClient federation) {
    return clusterScoped()
        ? "clusterfederatedworkload/" + bareName()
        : namespace(federation) + "/" + bareName();
  }

  /** The workload as kubectl names it after a change: {@code federatedworkload/web}. */
  String kindAndName() {
    return (clusterScoped() ? "clusterfederatedworkload/" : "federatedworkload/") + bareName();
  }
}
