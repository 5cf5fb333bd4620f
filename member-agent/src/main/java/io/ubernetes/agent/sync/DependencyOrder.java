package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which an item's objects go into the member: what others need first, so that none is
 * refused for a definition or a namespace that comes later in the same item.
 * CustomResourceDefinitions, then Namespaces, then other cluster-scoped kinds (RBAC,
 * PriorityClasses, StorageClasses...), then namespaced built-in kinds, then custom resources.
 * Removal goes the other way round.
 */
final class DependencyOrder {
  static final int DEFINITIONS = 0;
  static final int NAMESPACES = 1;
  static final int CLUSTER_SCOPED = 2;
  static final int NAMESPACED = 3;
  static final int CUSTOM_RESOURCES = 4;

  /**
   * API groups that every Kubernetes API server serves itself. Custom resource groups hold a dot
   * and may not end in {@code .k8s.io} without an API review, so none of these can be a custom
   * resource's.
   */
  private static final Set<String> BUILT_IN_GROUPS =
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

  private final KubeResources resources;

  DependencyOrder(KubeResources resources) {
    this.resources = resources;
  }

  /** Where an object goes in the order; lower goes first. */
  int rank(ObjectRef ref) {
    if (ref.apiVersion() == null || ref.kind() == null) {
      return NAMESPACED;
    }
    if (customResource(ref.apiVersion())) {
      return CUSTOM_RESOURCES;
    }
    if (ref.kind().equals("CustomResourceDefinition")
        && group(ref.apiVersion()).equals("apiextensions.k8s.io")) {
      return DEFINITIONS;
    }
    if (ref.kind().equals("Namespace") && ref.apiVersion().equals("v1")) {
      return NAMESPACES;
    }
    return resources.namespaced(ref.apiVersion(), ref.kind()) ? NAMESPACED : CLUSTER_SCOPED;
  }

  /** The item's manifests in the order to apply them; the item's own order within a rank. */
  List<Map<String, Object>> sorted(WorkItem item) {
    return item.manifests().stream()
        .sorted(Comparator.comparingInt(m -> rank(Manifests.ref(m, item.namespace()))))
        .toList();
  }

  /** Whether objects of this API version are custom resources, served only once defined. */
  static boolean customResource(String apiVersion) {
    return !BUILT_IN_GROUPS.contains(group(apiVersion));
  }

  /** The API group of {@code apps/v1} is {@code apps}; of {@code v1}, the core group "". */
  static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
