package io.ubernetes.api.workload;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.api.resource.DeleteOptions;
import io.ubernetes.api.resource.Patch;
import io.ubernetes.api.resource.ResourceList;
import io.ubernetes.api.resource.ResourceReader;
import io.ubernetes.api.resource.ResourceStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Federated workloads, per namespace and across all namespaces. */
@RestController
@RequestMapping(
    path = "/api/v1",
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "FederatedWorkload", description = "Native Kubernetes workloads run across clusters")
class FederatedWorkloadController {
  private static final String COLLECTION = "/namespaces/{namespace}/workloads";
  private static final String ITEM = COLLECTION + "/{name}";

  private final ResourceStore store;
  private final ResourceReader reader;
  private final FederatedWorkloadStrategy strategy;

  FederatedWorkloadController(
      ResourceStore store, ResourceReader reader, FederatedWorkloadStrategy strategy) {
    this.store = store;
    this.reader = reader;
    this.strategy = strategy;
  }

  @Operation(summary = "Create a federated workload")
  @PostMapping(
      path = COLLECTION,
      consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  @ResponseStatus(HttpStatus.CREATED)
  FederatedWorkload create(
      @PathVariable String namespace, @RequestBody FederatedWorkload workload) {
    return store.create(strategy, namespace, workload);
  }

  @Operation(summary = "List the federated workloads of a namespace")
  @GetMapping(COLLECTION)
  ResourceList<FederatedWorkload> list(
      @PathVariable String namespace,
      @Parameter(description = "Kubernetes label selector, e.g. `app=web,tier in (frontend)`")
          @RequestParam(required = false)
          String labelSelector,
      @Parameter(description = "page size") @RequestParam(required = false) Integer limit,
      @Parameter(description = "token from the previous page's metadata.continue")
          @RequestParam(name = "continue", required = false)
          String continueToken) {
    return reader.list(strategy, namespace, labelSelector, limit, continueToken);
  }

  @Operation(summary = "List the federated workloads of all namespaces")
  @GetMapping("/workloads")
  ResourceList<FederatedWorkload> listAll(
      @Parameter(description = "Kubernetes label selector") @RequestParam(required = false)
          String labelSelector,
      @Parameter(description = "page size") @RequestParam(required = false) Integer limit,
      @Parameter(description = "token from the previous page's metadata.continue")
          @RequestParam(name = "continue", required = false)
          String continueToken) {
    return reader.list(strategy, null, labelSelector, limit, continueToken);
  }

  @Operation(summary = "Read a federated workload")
  @GetMapping(ITEM)
  FederatedWorkload get(@PathVariable String namespace, @PathVariable String name) {
    return reader.get(strategy, namespace, name);
  }

  @Operation(
      summary = "Replace a federated workload",
      description = "metadata.resourceVersion must be the stored one; status is ignored")
  @PutMapping(
      path = ITEM,
      consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  FederatedWorkload replace(
      @PathVariable String namespace,
      @PathVariable String name,
      @RequestBody FederatedWorkload workload) {
    return store.replace(strategy, namespace, name, workload);
  }

  @Operation(summary = "Patch a federated workload (JSON merge patch or JSON patch)")
  @PatchMapping(
      path = ITEM,
      consumes = {Patch.MERGE_PATCH_JSON, Patch.JSON_PATCH_JSON})
  FederatedWorkload patch(
      @PathVariable String namespace,
      @PathVariable String name,
      @Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @RequestBody JsonNode patch) {
    return store.patch(strategy, namespace, name, Patch.of(contentType, patch));
  }

  @Operation(summary = "Delete a federated workload")
  @DeleteMapping(ITEM)
  FederatedWorkload delete(
      @PathVariable String namespace,
      @PathVariable String name,
      @Parameter(description = "delete only if the stored resourceVersion is this one")
          @RequestParam(required = false)
          String resourceVersion,
      @RequestBody(required = false) DeleteOptions options) {
    return store.delete(
        strategy, namespace, name, DeleteOptions.preconditions(options, resourceVersion));
  }
}
