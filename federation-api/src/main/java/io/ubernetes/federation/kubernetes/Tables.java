package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ListMeta;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Objects as {@code meta.k8s.io/v1} Tables, the form {@code kubectl get} prints. A kind's columns
 * are constants and a row is a function of the object and the time alone, so that a list, a read
 * and a watch event of the same kind carry identical column definitions (kubectl compares them to
 * decide whether to print the header again). Each kind's columns are a {@link KindColumns} bean.
 */
@Component
final class Tables {
  static final String API_VERSION = "meta.k8s.io/v1";

  /** For kinds without columns of their own: what kubectl prints for any object. */
  private static final List<TableColumn> GENERIC =
      List.of(TableColumn.name("object"), TableColumn.age());

  private final Map<String, KindColumns<?>> byKind = new HashMap<>();
  private final Map<Class<?>, KindColumns<?>> byType = new HashMap<>();

  Tables(List<KindColumns<?>> kinds) {
    for (KindColumns<?> kind : kinds) {
      if (byKind.putIfAbsent(kind.kind(), kind) != null) {
        throw new IllegalStateException("two sets of table columns for the kind " + kind.kind());
      }
      byType.put(kind.type(), kind);
    }
  }

  /** Whether {@code kind} has columns of its own. */
  boolean hasColumns(String kind) {
    return byKind.containsKey(kind);
  }

  /** The columns of {@code kind}, the same for every request. */
  List<TableColumn> columns(String kind) {
    KindColumns<?> columns = byKind.get(kind);
    return columns == null ? GENERIC : columns.columns();
  }

  /** One row: the cells in the order of {@link #columns} and, as asked, the object. */
  Map<String, Object> row(ApiObject<?, ?> object, Instant now, IncludeObject include) {
    KindColumns<?> columns = byType.get(object.getClass());
    List<Object> cells =
        columns == null
            ? Arrays.asList(
                object.metadata().name(), Age.since(object.metadata().creationTimestamp(), now))
            : cells(columns, object, now);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("cells", cells);
    switch (include) {
      case NONE -> {}
      case METADATA -> row.put("object", partial(object));
      case OBJECT -> row.put("object", object);
    }
    return row;
  }

  /**
   * A Table of {@code objects} of {@code kind}.
   *
   * @param list the list's metadata; null for a single object
   */
  Map<String, Object> table(
      String kind,
      List<? extends ApiObject<?, ?>> objects,
      ListMeta list,
      Instant now,
      IncludeObject include) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (list != null) {
      if (list.resourceVersion() != null) {
        metadata.put("resourceVersion", list.resourceVersion());
      }
      if (list.continueToken() != null) {
        metadata.put("continue", list.continueToken());
      }
    } else if (objects.size() == 1 && objects.getFirst().metadata().resourceVersion() != null) {
      metadata.put("resourceVersion", objects.getFirst().metadata().resourceVersion());
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", API_VERSION);
    table.put("metadata", metadata);
    table.put("columnDefinitions", columns(kind));
    table.put("rows", objects.stream().map(object -> row(object, now, include)).toList());
    return table;
  }

  private static <R extends ApiObject<?, ?>> List<Object> cells(
      KindColumns<R> columns, ApiObject<?, ?> object, Instant now) {
    return columns.cells(columns.type().cast(object), now);
  }

  /** The object's metadata alone, as {@code PartialObjectMetadata}. */
  private static Map<String, Object> partial(ApiObject<?, ?> object) {
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", API_VERSION);
    partial.put("metadata", object.metadata());
    return partial;
  }
}
