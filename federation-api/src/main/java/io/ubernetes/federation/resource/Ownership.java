package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.fields.ApplyConflicts;
import io.ubernetes.federation.resource.fields.FieldManager;
import io.ubernetes.federation.resource.fields.ListMaps;
import io.ubernetes.federation.resource.fields.ManagedFieldsEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code metadata.managedFields} for the store: what of an object is tracked (its labels and
 * annotations, and its spec; never its status, which the system owns), who a write is made for, and
 * the managedFields it leaves (see {@link FieldManager}).
 */
@Component
class Ownership {
  private final ResourceCodec codec;
  private final Clock clock;

  Ownership(ResourceCodec codec, Clock clock) {
    this.codec = codec;
    this.clock = clock;
  }

  /** The tracked part of an object: {@code {metadata: {labels, annotations}, spec}}. */
  JsonNode tracked(Map<String, String> labels, Map<String, String> annotations, Object spec) {
    ObjectNode tracked = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = tracked.putObject("metadata");
    if (!labels.isEmpty()) {
      metadata.set("labels", codec.tree(labels));
    }
    if (!annotations.isEmpty()) {
      metadata.set("annotations", codec.tree(annotations));
    }
    if (spec != null) {
      tracked.set("spec", codec.tree(spec));
    }
    return tracked;
  }

  /** The tracked part of a document as a client sent it: its labels, annotations and spec. */
  static JsonNode tracked(JsonNode document) {
    ObjectNode tracked = JsonNodeFactory.instance.objectNode();
    JsonNode metadata = document.path("metadata");
    ObjectNode trackedMetadata = tracked.putObject("metadata");
    for (String field : List.of("labels", "annotations")) {
      if (metadata.has(field)) {
        trackedMetadata.set(field, metadata.get(field).deepCopy());
      }
    }
    if (document.has("spec")) {
      tracked.set("spec", document.get("spec").deepCopy());
    }
    return tracked;
  }

  /** The managedFields after a write other than an apply. */
  List<ManagedFieldsEntry> updated(
      ResourceStrategy<?, ?, ?> strategy,
      JsonNode live,
      JsonNode written,
      List<ManagedFieldsEntry> liveEntries,
      List<ManagedFieldsEntry> sent,
      String manager) {
    return fields(strategy)
        .update(live, written, FieldManager.liveOrSent(liveEntries, sent), manager, now());
  }

  /**
   * Applies a client's configuration for {@code manager}.
   *
   * @param live the tracked part of the object, null when it does not exist
   * @throws ApiException 409 Conflict naming each field another manager owns, unless forced
   */
  FieldManager.Applied apply(
      ResourceStrategy<?, ?, ?> strategy,
      JsonNode live,
      JsonNode config,
      List<ManagedFieldsEntry> liveEntries,
      WriteOptions options) {
    try {
      return fields(strategy)
          .apply(
              live,
              config,
              liveEntries,
              options.fieldManager(),
              Boolean.TRUE.equals(options.force()),
              now(),
              LastAppliedConfigs.lastApplied(options.fieldManager(), live));
    } catch (ApplyConflicts conflicts) {
      List<FieldError> causes = new ArrayList<>();
      for (ApplyConflicts.Conflict conflict : conflicts.conflicts()) {
        causes.add(
            new FieldError(
                conflict.field(), conflict.message(), FieldError.FIELD_MANAGER_CONFLICT));
      }
      throw ApiException.applyConflict(conflicts.getMessage(), causes);
    }
  }

  List<ManagedFieldsEntry> read(ResourceEntity entity) {
    return codec.managedFields(entity.managedFields());
  }

  String write(List<ManagedFieldsEntry> entries) {
    return codec.write(entries == null ? List.of() : entries);
  }

  private FieldManager fields(ResourceStrategy<?, ?, ?> strategy) {
    return new FieldManager(
        new ListMaps(strategy.listMapKeys(), strategy.listMapKeyDefaults()), ApiObject.API_VERSION);
  }

  private String now() {
    return ResourceCodec.timestamp(clock.instant());
  }
}
