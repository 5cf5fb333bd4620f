package io.ubernetes.kubectl;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The workload a command is about: its name, and {@code -n} for its namespace. */
final class WorkloadName {
  @Parameters(index = "0", paramLabel = "WORKLOAD", description = "a FederatedWorkload's name")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      description = "its namespace (default: the kubeconfig context's)")
  String namespace;

  /** The namespace given, or the kubeconfig context's. */
  String namespace(FederationClient federation) {
    return namespace == null ? federation.namespace() : namespace;
  }
}
