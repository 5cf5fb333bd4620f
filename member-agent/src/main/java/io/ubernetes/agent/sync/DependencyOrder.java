package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.ApiGroups;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
        && ApiGroups.of(ref.apiVersion()).equals("apiextensions.k8s.io")) {
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
    return !ApiGroups.builtIn(ApiGroups.of(apiVersion));
  }
}
