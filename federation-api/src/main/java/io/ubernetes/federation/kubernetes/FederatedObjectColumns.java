package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.dependency.FederatedObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The columns of federated objects: the kind of object each holds and how many keys of data. */
@Component
final class FederatedObjectColumns extends KindColumns<FederatedObject> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(FederatedObject.KIND),
          TableColumn.text("Kind", "The kind of the object it holds (spec.object.kind)."),
          TableColumn.number(
              "Data", "The keys of a ConfigMap's or Secret's data, binaryData and stringData."),
          TableColumn.age());

  FederatedObjectColumns() {
    super(FederatedObject.KIND, FederatedObject.class, COLUMNS);
  }

  @Override
  List<Object> cells(FederatedObject kept, Instant now) {
    JsonNode object = kept.spec() == null ? null : kept.spec().object();
    int keys = 0;
    if (object != null) {
      for (String field : List.of("data", "binaryData", "stringData")) {
        keys += object.path(field).size();
      }
    }
    return Arrays.asList(
        kept.metadata().name(),
        object == null ? "<none>" : object.path("kind").asString("<none>"),
        keys,
        Age.since(kept.metadata().creationTimestamp(), now));
  }
}
