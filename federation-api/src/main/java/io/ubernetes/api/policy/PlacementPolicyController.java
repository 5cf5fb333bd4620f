package io.ubernetes.api.policy;

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

/** Placement policies: named placements that workloads refer to. */
@RestController
@RequestMapping(
    path = "/api/v1/placementpolicies",
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "PlacementPolicy", description = "Reusable placements, e.g. cloudbursting policies")
class PlacementPolicyController {
  private final ResourceStore store;
  private final ResourceReader reader;
  private final PlacementPolicyStrategy strategy;

  PlacementPolicyController(
      ResourceStore store, ResourceReader reader, PlacementPolicyStrategy strategy) {
    this.store = store;
    this.reader = reader;
    this.strategy = strategy;
  }

  @Operation(summary = "Create a placement policy")
  @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  @ResponseStatus(HttpStatus.CREATED)
  PlacementPolicy create(@RequestBody PlacementPolicy policy) {
    return store.create(strategy, null, policy);
  }

  @Operation(summary = "List placement policies")
  @GetMapping
  ResourceList<PlacementPolicy> list(
      @Parameter(description = "Kubernetes label selector, e.g. `team=payments`")
          @RequestParam(required = false)
          String labelSelector,
      @Parameter(description = "page size") @RequestParam(required = false) Integer limit,
      @Parameter(description = "token from the previous page's metadata.continue")
          @RequestParam(name = "continue", required = false)
          String continueToken) {
    return reader.list(strategy, null, labelSelector, limit, continueToken);
  }

  @Operation(summary = "Read a placement policy")
  @GetMapping("/{name}")
  PlacementPolicy get(@PathVariable String name) {
    return reader.get(strategy, null, name);
  }

  @Operation(
      summary = "Replace a placement policy",
      description = "metadata.resourceVersion must be the stored one; status is ignored")
  @PutMapping(
      path = "/{name}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  PlacementPolicy replace(@PathVariable String name, @RequestBody PlacementPolicy policy) {
    return store.replace(strategy, null, name, policy);
  }

  @Operation(summary = "Patch a placement policy (JSON merge patch or JSON patch)")
  @PatchMapping(
      path = "/{name}",
      consumes = {Patch.MERGE_PATCH_JSON, Patch.JSON_PATCH_JSON})
  PlacementPolicy patch(
      @PathVariable String name,
      @Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @RequestBody JsonNode patch) {
    return store.patch(strategy, null, name, Patch.of(contentType, patch));
  }

  @Operation(summary = "Delete a placement policy that no workload refers to")
  @DeleteMapping("/{name}")
  PlacementPolicy delete(
      @PathVariable String name,
      @Parameter(description = "delete only if the stored resourceVersion is this one")
          @RequestParam(required = false)
          String resourceVersion,
      @RequestBody(required = false) DeleteOptions options) {
    return store.delete(
        strategy, null, name, DeleteOptions.preconditions(options, resourceVersion));
  }
}
