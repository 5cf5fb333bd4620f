package io.ubernetes.federation.resource;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Kubernetes does with client-side apply's {@code last-applied-configuration} annotation when
 * kubectl applies on the server ({@code kubectl apply --server-side}, field manager {@code
 * kubectl}): a field the annotation sets to its live value is no conflict, so that moving from
 * client-side to server-side apply needs no force; and the annotation, while the object keeps it,
 * is rewritten to what was applied, so that a client-side apply after it computes its patch from
 * the right configuration.
 */
final class LastAppliedConfigs {
  static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  /** Kubernetes does this for kubectl's own field manager only, and so do we. */
  static final String KUBECTL = "kubectl";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LastAppliedConfigs() {}

  /**
   * The tracked part of the configuration a client-side apply last applied to an object, when
   * {@code manager} is kubectl's and the object has one that can be read; otherwise null.
   *
   * @param live the tracked part of the object
   */
  static JsonNode lastApplied(String manager, JsonNode live) {
    JsonNode annotation =
        live == null ? null : live.path("metadata").path("annotations").get(ANNOTATION);
    if (!KUBECTL.equals(manager) || annotation == null || !annotation.isString()) {
      return null;
    }
    try {
      JsonNode config = JSON.readTree(annotation.asString());
      return config instanceof ObjectNode ? Ownership.tracked(config) : null;
    } catch (JacksonException unreadable) {
      // As Kubernetes: an annotation that cannot be read allows nothing.
      return null;
    }
  }

  /**
   * Rewrites the annotation in an applied object's tracked part to {@code config} (without the
   * annotation), when {@code manager} is kubectl's and the object still has the annotation.
   */
  static void rewrite(String manager, JsonNode applied, JsonNode config) {
    if (!KUBECTL.equals(manager)
        || !(applied.path("metadata").get("annotations") instanceof ObjectNode annotations)
        || !annotations.has(ANNOTATION)) {
      return;
    }
    ObjectNode written = (ObjectNode) config.deepCopy();
    if (written.path("metadata").get("annotations") instanceof ObjectNode sent) {
      sent.remove(ANNOTATION);
    }
    annotations.put(ANNOTATION, JSON.writeValueAsString(written));
  }
}
