package io.ubernetes.agent.protocol;

import java.util.Set;

/**
 * The API groups every Kubernetes API server serves itself, as the federation (which refuses a kind
 * such a group does not have) and the agent (which applies custom resources last, once defined)
 * both read them. Custom resource groups hold a dot and may not end in {@code .k8s.io} without an
 * API review, so none of these can be a custom resource's.
 */
public final class ApiGroups {
  private static final Set<String> BUILT_IN =
      Set.of(
          "",
          "apps",
          "batch",
          "autoscaling",
          "policy",
          "extensions",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "storage.k8s.io",
          "scheduling.k8s.io",
          "coordination.k8s.io",
          "discovery.k8s.io",
          "node.k8s.io",
          "certificates.k8s.io",
          "admissionregistration.k8s.io",
          "apiextensions.k8s.io",
          "apiregistration.k8s.io",
          "events.k8s.io",
          "flowcontrol.apiserver.k8s.io",
          "resource.k8s.io",
          "storagemigration.k8s.io",
          "internal.apiserver.k8s.io");

  private ApiGroups() {}

  /** The API group of {@code apps/v1} is {@code apps}; of {@code v1}, the core group "". */
  public static String of(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** Whether the group is one every API server serves itself. */
  public static boolean builtIn(String group) {
    return BUILT_IN.contains(group);
  }
}
