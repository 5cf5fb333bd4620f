package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.ApiKinds;
import io.ubernetes.federation.resource.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the federation serves the Kubernetes way, as discovery, OpenAPI and access reviews describe
 * it: each kind of {@link ApiKinds} as a resource, then every subresource. Subresources come after
 * every resource: Fabric8 takes the first entry of a kind as the kind's resource. Status is the
 * system's, hence read-only; so are the others (the scheduler's placement, the workload's
 * revisions, ...).
 */
@Component
class ServedResources {
  private static final List<String> READ_WRITE =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");
  private static final List<String> READ = List.of("get");

  private final List<ServedResource> resources = new ArrayList<>();
  private final List<ServedSubresource> subresources = new ArrayList<>();

  ServedResources(ApiKinds kinds) {
    for (ResourceStrategy<?, ?, ?> strategy : kinds.all()) {
      ApiKind api = strategy.api();
      resources.add(
          new ServedResource(
              api.plural(),
              api.singular(),
              strategy.kind(),
              strategy.namespaced(),
              api.shortNames(),
              READ_WRITE));
      subresources.add(new ServedSubresource(api.plural(), "status", strategy.kind(), READ));
      for (ApiKind.Subresource sub : api.subresources()) {
        subresources.add(new ServedSubresource(api.plural(), sub.name(), sub.kind(), READ));
      }
    }
  }

  List<ServedResource> resources() {
    return List.copyOf(resources);
  }

  List<ServedSubresource> subresources() {
    return List.copyOf(subresources);
  }

  /** Whether the resource named {@code plural} lives in namespaces. */
  boolean namespaced(String plural) {
    return resources.stream().anyMatch(r -> r.plural().equals(plural) && r.namespaced());
  }
}
