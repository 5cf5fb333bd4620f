package io.ubernetes.federation.resource;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import tools.jackson.databind.JsonNode;

/**
 * The REST verbs of a cluster-scoped kind, under the collection path its subclass maps: POST and
 * GET on the collection, GET, PUT, PATCH and DELETE on {@code /{name}}.
 */
public abstract class ClusterScopedResourceController<R extends ApiObject<S, T>, S, T> {
  private final ResourceStore store;
  private final ResourceReader reader;
  private final ResourceStrategy<R, S, T> strategy;

  protected ClusterScopedResourceController(
      ResourceStore store, ResourceReader reader, ResourceStrategy<R, S, T> strategy) {
    this.store = store;
    this.reader = reader;
    this.strategy = strategy;
  }

  /** The kind this controller serves, whose watches are served on the same paths as its list. */
  public ResourceStrategy<R, S, T> strategy() {
    return strategy;
  }

  @Operation(summary = "Create")
  @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  @ResponseStatus(HttpStatus.CREATED)
  public R create(@RequestBody R object, HttpServletRequest request) {
    return store.create(strategy, null, object, BodyErrors.of(request), WriteOptions.of(request));
  }

  @Operation(summary = "List, filtered by label selector, page by page")
  @GetMapping
  public ResourceList<R> list(
      @Parameter(description = "Kubernetes label selector, e.g. `ubernetes.io/tier=onprem`")
          @RequestParam(required = false)
          String labelSelector,
      @Parameter(description = "page size") @RequestParam(required = false) Integer limit,
      @Parameter(description = "token from the previous page's metadata.continue")
          @RequestParam(name = "continue", required = false)
          String continueToken,
      @Parameter(
              description =
                  "accepted for Kubernetes clients: every list is served from the latest state,"
                      + " which is not older than any resourceVersion")
          @RequestParam(required = false)
          String resourceVersion) {
    Preconditions.requireWellFormed(resourceVersion, "resourceVersion");
    return reader.list(strategy, null, labelSelector, limit, continueToken);
  }

  @Operation(summary = "Read")
  @GetMapping("/{name}")
  public R get(@PathVariable String name) {
    return reader.get(strategy, null, name);
  }

  @Operation(
      summary = "Replace",
      description = "metadata.resourceVersion must be the stored one; status is ignored")
  @PutMapping(
      path = "/{name}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  public R replace(@PathVariable String name, @RequestBody R object, HttpServletRequest request) {
    return store.replace(
        strategy, null, name, object, BodyErrors.of(request), WriteOptions.of(request));
  }

  @Operation(summary = "Patch (JSON merge patch or JSON patch) or server-side apply")
  @PatchMapping(
      path = "/{name}",
      consumes = {Patch.MERGE_PATCH_JSON, Patch.JSON_PATCH_JSON, Patch.APPLY_PATCH_YAML})
  public ResponseEntity<R> patch(
      @PathVariable String name,
      @Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @RequestBody JsonNode patch,
      HttpServletRequest request) {
    return PatchRequests.patch(
        store, strategy, null, name, contentType, patch, WriteOptions.of(request));
  }

  @Operation(summary = "Delete; answers the deleted object")
  @DeleteMapping("/{name}")
  public R delete(
      @PathVariable String name,
      @Parameter(description = "delete only if the stored resourceVersion is this one")
          @RequestParam(required = false)
          String resourceVersion,
      @RequestBody(required = false) DeleteOptions options,
      HttpServletRequest request) {
    return store.delete(
        strategy,
        null,
        name,
        DeleteOptions.preconditions(options, resourceVersion),
        DeleteOptions.withBody(WriteOptions.of(request), options));
  }
}
