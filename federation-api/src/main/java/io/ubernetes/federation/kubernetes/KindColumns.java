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
interface KindColumns<R extends ApiObject<?, ?>> {
  String kind();

  Class<R> type();

  /** The same for every request: kubectl compares them to decide whether to print a header. */
  List<TableColumn> columns();

  /** One row's cells, in the order of {@link #columns()}: a function of the object and time. */
  List<Object> cellsOf(R object, Instant now);
}
