package io.ubernetes.federation.kubernetes;

/**
 * A column of a {@code meta.k8s.io/v1} Table, as {@code metav1.TableColumnDefinition}. kubectl
 * hides columns of priority above 0 unless asked for {@code -o wide}, and prefixes cells of the
 * {@code name} format with the kind when it lists several kinds.
 *
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code date}
 * @param format {@code name} for the column naming the object, else empty
 */
record TableColumn(String name, String type, String format, String description, int priority) {

  static TableColumn name(String kind) {
    return new TableColumn(
        "Name",
        "string",
        "name",
        "Name must be unique within a namespace. The name of this " + kind + ".",
        0);
  }

  static TableColumn age() {
    return new TableColumn(
        "Age", "date", "", "How long ago the object was created (metadata.creationTimestamp).", 0);
  }

  static TableColumn text(String name, String description) {
    return new TableColumn(name, "string", "", description, 0);
  }

  static TableColumn number(String name, String description) {
    return new TableColumn(name, "integer", "", description, 0);
  }

  /** A column shown by {@code kubectl get -o wide} only. */
  static TableColumn wide(String name, String description) {
    return new TableColumn(name, "string", "", description, 1);
  }
}
