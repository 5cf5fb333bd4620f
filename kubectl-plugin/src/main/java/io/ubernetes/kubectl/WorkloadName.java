package io.ubernetes.kubectl;

import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The workload a command is about: its name, and {@code -n} for its namespace. As with kubectl, a
 * kind may come first: {@code clusterfederatedworkload/NAME} or {@code cfw/NAME} is a
 * cluster-scoped workload ({@code -n} does not apply), {@code federatedworkload/NAME} or {@code
 * fw/NAME} the same as {@code NAME}.
 */
final class WorkloadName {
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("clusterfederatedworkload", "clusterfederatedworkloads", "cfw");
  private static final Set<String> NAMESPACED =
      Set.of("federatedworkload", "federatedworkloads", "fw");

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "WORKLOAD",
      description =
          "a FederatedWorkload's name, or clusterfederatedworkload/NAME (cfw/NAME) for a"
              + " cluster-scoped one")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      description = "its namespace (default: the kubeconfig context's)")
  String namespace;

  /** The name without its kind. */
  String name() {
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(slash + 1);
  }

  /**
   * The namespace given, or the kubeconfig context's; null for a cluster-scoped workload.
   *
   * @throws ParameterException (a usage error) for a kind other than a workload's
   */
  String namespace(FederationClient federation) {
    int slash = name.indexOf('/');
    String kind = slash < 0 ? null : name.substring(0, slash).toLowerCase(Locale.ROOT);
    if (kind != null && CLUSTER_SCOPED.contains(kind)) {
      return null;
    }
    if (kind != null && !NAMESPACED.contains(kind)) {
      throw new ParameterException(
          spec.commandLine(),
          "WORKLOAD '"
              + name
              + "': the kind must be federatedworkload (fw) or clusterfederatedworkload (cfw)");
    }
    return namespace == null ? federation.namespace() : namespace;
  }

  /** Whether the name is a ClusterFederatedWorkload's, e.g. {@code cfw/tools}. */
  boolean clusterScoped() {
    int slash = name.indexOf('/');
    return slash >= 0 && CLUSTER_SCOPED.contains(name.substring(0, slash).toLowerCase(Locale.ROOT));
  }

  /**
   * The workload's path under the API, e.g. {@code .../namespaces/shop/federatedworkloads/web} or
   * {@code .../clusterfederatedworkloads/tools}.
   */
  String path(FederationClient federation) {
    String namespace = namespace(federation);
    return FederationClient.API
        + (namespace == null
            ? "clusterfederatedworkloads/"
            : "namespaces/" + FederationClient.segment(namespace) + "/federatedworkloads/")
        + FederationClient.segment(name());
  }

  /** The workload as messages name it: {@code shop/web}, {@code clusterfederatedworkload/tools}. */
  String qualified(FederationClient federation) {
    String namespace = namespace(federation);
    return namespace == null ? "clusterfederatedworkload/" + name() : namespace + "/" + name();
  }

  /** The workload as kubectl names it after a change: {@code federatedworkload/web}. */
  String kindAndName() {
    return (clusterScoped() ? "clusterfederatedworkload/" : "federatedworkload/") + name();
  }
}
