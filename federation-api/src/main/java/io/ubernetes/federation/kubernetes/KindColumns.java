package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.ApiObject;
import java.time.Instant;
import java.util.List;

/**
 * The columns {@code kubectl get} prints for one kind, a bean per kind: {@link Tables} finds a
 * kind's columns among them, and a kind without any gets only a name and an age.
 *
 * @param <R> the kind's wire type
 */
abstract class KindColumns<R extends ApiObject<?, ?>> {
  private final String kind;
  private final Class<R> type;
  private final List<TableColumn> columns;

  /**
   * @param columns the same for every request: kubectl compares them to decide whether to print the
   *     header again
   */
  KindColumns(String kind, Class<R> type, List<TableColumn> columns) {
    this.kind = kind;
    this.type = type;
    this.columns = List.copyOf(columns);
  }

  final String kind() {
    return kind;
  }

  final Class<R> type() {
    return type;
  }

  final List<TableColumn> columns() {
    return columns;
  }

  /** One row's cells, in the order of {@link #columns()}: a function of the object and time. */
  abstract List<Object> cells(R object, Instant now);
}
