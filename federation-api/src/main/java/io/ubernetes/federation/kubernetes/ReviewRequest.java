package io.ubernetes.federation.kubernetes;

import com.google.protobuf.ByteString;
import io.ubernetes.federation.resource.ApiException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a self-subject review asks about, read from its protobuf or JSON form (the field numbers and
 * names of {@code k8s.io/api/authorization/v1}).
 */
sealed interface ReviewRequest {

  /** SelfSubjectAccessReview's {@code spec.resourceAttributes}; absent fields are empty. */
  record Resource(
      String namespace,
      String verb,
      String group,
      String version,
      String resource,
      String subresource,
      String name)
      implements ReviewRequest {}

  /** SelfSubjectAccessReview's {@code spec.nonResourceAttributes}. */
  record NonResource(String path, String verb) implements ReviewRequest {}

  /** SelfSubjectRulesReview's {@code spec.namespace}. */
  record Rules(String namespace) implements ReviewRequest {}

  static ReviewRequest accessFromProtobuf(ByteString review) {
    Map<Integer, ByteString> spec = ProtobufEnvelope.message(ProtobufEnvelope.fields(review), 2);
    Map<Integer, ByteString> resource = ProtobufEnvelope.message(spec, 1);
    if (!resource.isEmpty()) {
      return new Resource(
          ProtobufEnvelope.string(resource, 1),
          ProtobufEnvelope.string(resource, 2),
          ProtobufEnvelope.string(resource, 3),
          ProtobufEnvelope.string(resource, 4),
          ProtobufEnvelope.string(resource, 5),
          ProtobufEnvelope.string(resource, 6),
          ProtobufEnvelope.string(resource, 7));
    }
    Map<Integer, ByteString> nonResource = ProtobufEnvelope.message(spec, 2);
    if (!nonResource.isEmpty()) {
      return new NonResource(
          ProtobufEnvelope.string(nonResource, 1), ProtobufEnvelope.string(nonResource, 2));
    }
    throw missingAttributes();
  }

  static ReviewRequest accessFromJson(JsonNode review) {
    JsonNode resource = review.path("spec").path("resourceAttributes");
    if (resource.isObject()) {
      return new Resource(
          text(resource, "namespace"),
          text(resource, "verb"),
          text(resource, "group"),
          text(resource, "version"),
          text(resource, "resource"),
          text(resource, "subresource"),
          text(resource, "name"));
    }
    JsonNode nonResource = review.path("spec").path("nonResourceAttributes");
    if (nonResource.isObject()) {
      return new NonResource(text(nonResource, "path"), text(nonResource, "verb"));
    }
    throw missingAttributes();
  }

  static Rules rulesFromProtobuf(ByteString review) {
    Map<Integer, ByteString> spec = ProtobufEnvelope.message(ProtobufEnvelope.fields(review), 2);
    return new Rules(ProtobufEnvelope.string(spec, 1));
  }

  static Rules rulesFromJson(JsonNode review) {
    return new Rules(text(review.path("spec"), "namespace"));
  }

  private static ApiException missingAttributes() {
    return ApiException.badRequest(
        "spec.resourceAttributes",
        "exactly one of resourceAttributes and nonResourceAttributes is required");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : "";
  }
}
