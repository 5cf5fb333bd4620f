package io.ubernetes.federation.resource;

import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One change as every watcher of this replica shares it: read from the log once, its object decoded
 * and encoded once, by the first watcher that needs it.
 */
final class Change {
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private final StoredEvent event;
  private final Map<String, String> labels;
  private final Map<String, String> oldLabels;
  private ApiObject<?, ?> object;
  private byte[] json;

  Change(StoredEvent event, JsonMapper json) {
    this.event = event;
    this.labels = json.readValue(event.object().labels(), LABELS);
    this.oldLabels = event.oldLabels() == null ? null : json.readValue(event.oldLabels(), LABELS);
  }

  long resourceVersion() {
    return event.resourceVersion();
  }

  String type() {
    return event.type();
  }

  ResourceEntity row() {
    return event.object();
  }

  Map<String, String> labels() {
    return labels;
  }

  /** The labels before a modification; null for an addition or deletion. */
  Map<String, String> oldLabels() {
    return oldLabels;
  }

  /** The object, decoded by the strategy of its kind (every watcher of a change has the same). */
  @SuppressWarnings("unchecked")
  synchronized <R extends ApiObject<S, T>, S, T> R object(
      ResourceStrategy<R, S, T> strategy, ResourceCodec codec) {
    if (object == null) {
      object = codec.toObject(strategy, event.object());
    }
    return (R) object;
  }

  /** The object as JSON, when it is shown as it is (not redacted). */
  synchronized byte[] json(ApiObject<?, ?> shown, JsonMapper mapper) {
    if (shown != object) {
      return mapper.writeValueAsBytes(shown);
    }
    if (json == null) {
      json = mapper.writeValueAsBytes(object);
    }
    return json;
  }
}
