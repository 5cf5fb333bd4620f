package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.events.EventRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Events as {@code meta.k8s.io/v1} Tables, with kube-apiserver's columns for them: {@code kubectl
 * get events} prints LAST SEEN, TYPE, REASON, OBJECT and MESSAGE, and the rest with {@code -o
 * wide}.
 */
final class EventColumns {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.text("Last Seen", "How long ago the event last occurred (lastTimestamp)."),
          TableColumn.text("Type", "Normal or Warning."),
          TableColumn.text("Reason", "Why the event was recorded, in one CamelCase word."),
          TableColumn.text("Object", "The object the event is about, kind/name."),
          TableColumn.wide("Subobject", "The part of the object the event is about."),
          TableColumn.wide("Source", "The component that recorded the event."),
          TableColumn.text("Message", "What happened, for people."),
          TableColumn.wide("First Seen", "How long ago the event first occurred."),
          new TableColumn("Count", "integer", "", "How many times it occurred.", 1),
          new TableColumn("Name", "string", "name", "Name must be unique within a namespace.", 1));

  private EventColumns() {}

  static Map<String, Object> table(
      List<EventRecord> events, String resourceVersion, String continueToken, Instant now) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      metadata.put("continue", continueToken);
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", Tables.API_VERSION);
    table.put("metadata", metadata);
    table.put("columnDefinitions", COLUMNS);
    table.put("rows", events.stream().map(event -> row(event, now)).toList());
    return table;
  }

  private static Map<String, Object> row(EventRecord event, Instant now) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(
        "cells",
        List.of(
            Age.of(Duration.between(event.lastTimestamp(), now)),
            event.type(),
            event.reason(),
            event.objectKind().toLowerCase(Locale.ROOT) + "/" + event.objectName(),
            "",
            event.component(),
            event.message(),
            Age.of(Duration.between(event.firstTimestamp(), now)),
            event.count(),
            event.name()));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("kind", "PartialObjectMetadata");
    object.put("apiVersion", Tables.API_VERSION);
    object.put("metadata", event.toObject().get("metadata"));
    row.put("object", object);
    return row;
  }
}
