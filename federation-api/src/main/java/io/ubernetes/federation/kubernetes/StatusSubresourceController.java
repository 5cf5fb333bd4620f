package io.ubernetes.federation.kubernetes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ApiKinds;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStrategy;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code status} subresource of every kind of the group, as Kubernetes serves it: a read gives
 * the object. The system alone writes status (from the scheduler's decisions and the agents'
 * reports), so a client's write there is refused with 405.
 */
@RestController
@RequestMapping(produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "Status", description = "The status subresource of each kind, read-only")
class StatusSubresourceController {
  private static final String ROOT = "/apis/" + KubernetesApi.GROUP_VERSION;
  private static final String NAMESPACED =
      ROOT + "/namespaces/{namespace}/{resource}/{name}/status";
  private static final String CLUSTER_SCOPED = ROOT + "/{resource}/{name}/status";

  private final ResourceReader reader;
  private final ApiKinds kinds;

  StatusSubresourceController(ResourceReader reader, ApiKinds kinds) {
    this.reader = reader;
    this.kinds = kinds;
  }

  @Operation(summary = "Read an object's status (the object)")
  @GetMapping(NAMESPACED)
  ApiObject<?, ?> namespaced(
      @PathVariable String namespace, @PathVariable String resource, @PathVariable String name) {
    return reader.get(strategy(resource, true), namespace, name);
  }

  @Operation(summary = "Read a cluster-scoped object's status (the object)")
  @GetMapping(CLUSTER_SCOPED)
  ApiObject<?, ?> clusterScoped(@PathVariable String resource, @PathVariable String name) {
    return reader.get(strategy(resource, false), null, name);
  }

  @Operation(summary = "Refused: the system writes status")
  @RequestMapping(
      path = {NAMESPACED, CLUSTER_SCOPED},
      method = {RequestMethod.PUT, RequestMethod.PATCH})
  void write(@PathVariable String resource) {
    throw ApiException.methodNotAllowed(
        "the status of "
            + resource
            + " is written by the federation itself (the scheduler and the member agents): change"
            + " the object's spec instead");
  }

  private ResourceStrategy<?, ?, ?> strategy(String resource, boolean namespaced) {
    ResourceStrategy<?, ?, ?> strategy = kinds.byPlural(resource).orElse(null);
    if (strategy == null || strategy.namespaced() != namespaced) {
      throw ApiException.notFound("resource", null, resource);
    }
    return strategy;
  }
}
