package io.ubernetes.federation.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A stored event, as a Kubernetes core v1 Event reads it.
 *
 * @param namespace the event's namespace: its workload's, {@code default} for a cluster-scoped one
 * @param objectNamespace the workload's namespace; empty for a cluster-scoped one
 */
public record EventRecord(
    UUID uid,
    String namespace,
    String name,
    String objectKind,
    String objectNamespace,
    String objectName,
    UUID objectUid,
    String type,
    String reason,
    String message,
    String component,
    int count,
    Instant firstTimestamp,
    Instant lastTimestamp,
    long resourceVersion) {

  /** The group and version of the objects events are about. */
  public static final String OBJECT_API_VERSION = "ubernetes.io/v1";

  /** The object {@code kubectl} and client-go read: {@code apiVersion: v1, kind: Event}. */
  public Map<String, Object> toObject() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.put("uid", uid.toString());
    metadata.put("resourceVersion", Long.toString(resourceVersion));
    metadata.put("creationTimestamp", time(firstTimestamp));
    Map<String, Object> involved = new LinkedHashMap<>();
    involved.put("kind", objectKind);
    if (!objectNamespace.isEmpty()) {
      involved.put("namespace", objectNamespace);
    }
    involved.put("name", objectName);
    involved.put("uid", objectUid.toString());
    involved.put("apiVersion", OBJECT_API_VERSION);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("kind", "Event");
    event.put("apiVersion", "v1");
    event.put("metadata", metadata);
    event.put("involvedObject", involved);
    event.put("reason", reason);
    event.put("message", message);
    event.put("source", Map.of("component", component));
    event.put("firstTimestamp", time(firstTimestamp));
    event.put("lastTimestamp", time(lastTimestamp));
    event.put("count", count);
    event.put("type", type);
    event.put("eventTime", null);
    event.put("reportingComponent", component);
    event.put("reportingInstance", "");
    return event;
  }

  /** {@code metav1.Time}: RFC 3339 in whole seconds. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
