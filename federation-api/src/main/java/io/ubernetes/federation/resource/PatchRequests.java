package io.ubernetes.federation.resource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A PATCH request, whichever its format: a merge or JSON patch changes the object (200), a
 * server-side apply configuration changes it or creates it (200 or 201).
 */
final class PatchRequests {
  private PatchRequests() {}

  static <R extends ApiObject<S, T>, S, T> ResponseEntity<R> patch(
      ResourceStore store,
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      MediaType contentType,
      JsonNode body,
      WriteOptions options) {
    if (contentType.isCompatibleWith(MediaType.parseMediaType(Patch.APPLY_PATCH_YAML))) {
      ServerSideApply.Applied<R> applied = store.apply(strategy, namespace, name, body, options);
      return ResponseEntity.status(applied.created() ? HttpStatus.CREATED : HttpStatus.OK)
          .body(applied.object());
    }
    return ResponseEntity.ok(
        store.patch(strategy, namespace, name, Patch.of(contentType, body), options));
  }
}
