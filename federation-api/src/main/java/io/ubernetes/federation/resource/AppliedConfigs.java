package io.ubernetes.federation.resource;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The configurations clients send to server-side apply, checked and merged into objects. */
final class AppliedConfigs {
  private AppliedConfigs() {}

  /**
   * Checks an apply request as the Kubernetes API server does and returns its configuration with
   * the name of the URL.
   *
   * @throws ApiException 422 without a field manager, 400 for a configuration that is no object,
   *     names another object, lacks apiVersion or kind, or sets managedFields
   */
  static ObjectNode check(JsonNode config, String name, WriteOptions options) {
    if (!options.fieldManagerGiven()) {
      throw ApiException.invalid(
          "PatchOptions",
          null,
          List.of(new FieldError("fieldManager", "Required value: is required for apply patch")));
    }
    if (!(config instanceof ObjectNode object)) {
      throw ApiException.badRequest("body", "an apply configuration must be an object");
    }
    for (String field : List.of("apiVersion", "kind")) {
      if (!object.path(field).isString() || object.path(field).asString().isEmpty()) {
        throw ApiException.badRequest(field, "required in an apply configuration");
      }
    }
    ObjectNode body = object.deepCopy();
    JsonNode metadata = body.get("metadata");
    if (metadata != null && !metadata.isObject()) {
      throw ApiException.badRequest("metadata", "must be an object");
    }
    ObjectNode meta = metadata == null ? body.putObject("metadata") : (ObjectNode) metadata;
    JsonNode managed = meta.get("managedFields");
    if (managed != null && !managed.isNull() && !managed.isEmpty()) {
      throw ApiException.badRequest("metadata.managedFields", "must be nil");
    }
    meta.remove("managedFields");
    JsonNode sentName = meta.get("name");
    if (sentName == null || sentName.isNull()) {
      meta.put("name", name);
    } else if (!sentName.isString() || !sentName.asString().equals(name)) {
      throw ApiException.badRequest(
          "metadata.name", sentName + " does not match the name in the URL, \"" + name + "\"");
    }
    // The system owns the status: whatever an apply says of it is no one's.
    body.remove("status");
    return body;
  }

  /**
   * The live object with the applied labels, annotations and spec, and the resourceVersion the
   * configuration names (a precondition) or none.
   */
  static JsonNode merged(JsonNode live, JsonNode applied, ObjectNode config) {
    ObjectNode merged = (ObjectNode) live.deepCopy();
    ObjectNode metadata = (ObjectNode) merged.get("metadata");
    metadata.remove("managedFields");
    metadata.remove("resourceVersion");
    JsonNode sentVersion = config.path("metadata").get("resourceVersion");
    if (sentVersion != null && !sentVersion.isNull()) {
      metadata.set("resourceVersion", sentVersion);
    }
    for (String field : List.of("labels", "annotations")) {
      JsonNode value = applied.path("metadata").get(field);
      if (value == null) {
        metadata.remove(field);
      } else {
        metadata.set(field, value);
      }
    }
    JsonNode spec = applied.get("spec");
    if (spec == null) {
      merged.remove("spec");
    } else {
      merged.set("spec", spec);
    }
    return merged;
  }
}
