package io.ubernetes.federation.resource.fields;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** A managedFields entry read: the manager, its operation, and the fields it owns. */
record Owner(
    String manager,
    String operation,
    String apiVersion,
    String time,
    String subresource,
    FieldSet fields) {

  /** Kubernetes' order of entries: Apply before Update, then by time, manager, version. */
  static final Comparator<Owner> ORDER =
      Comparator.comparing(Owner::operation)
          .thenComparing(Owner::time, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Owner::manager)
          .thenComparing(Owner::apiVersion, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Owner::subresource, Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * Reads entries.
   *
   * @throws IllegalArgumentException when an entry is not one Kubernetes would read
   */
  static List<Owner> all(List<ManagedFieldsEntry> entries) {
    List<Owner> owners = new ArrayList<>();
    if (entries == null) {
      return owners;
    }
    for (ManagedFieldsEntry entry : entries) {
      if (entry.manager() == null) {
        throw new IllegalArgumentException("a managedFields entry without manager");
      }
      if (!ManagedFieldsEntry.APPLY.equals(entry.operation())
          && !ManagedFieldsEntry.UPDATE.equals(entry.operation())) {
        throw new IllegalArgumentException("operation must be Apply or Update");
      }
      if (entry.fieldsType() != null && !ManagedFieldsEntry.FIELDS_V1.equals(entry.fieldsType())) {
        throw new IllegalArgumentException("fieldsType must be FieldsV1");
      }
      owners.add(
          new Owner(
              entry.manager(),
              entry.operation(),
              entry.apiVersion(),
              entry.time(),
              entry.subresource(),
              FieldSet.fromFieldsV1(entry.fieldsV1())));
    }
    return owners;
  }

  boolean is(String name, String op) {
    return manager.equals(name) && operation.equals(op) && subresource == null;
  }

  Owner withFields(FieldSet newFields) {
    return new Owner(manager, operation, apiVersion, time, subresource, newFields);
  }

  /**
   * As Kubernetes names a manager in a conflict: {@code "flux"} for an Apply entry, {@code "flux"
   * using ubernetes.io/v1} for an Update entry, with {@code with subresource "status"} when it has
   * one.
   */
  String printed() {
    StringBuilder printed = new StringBuilder(quote(manager));
    if (subresource != null && !subresource.isEmpty()) {
      printed.append(" with subresource ").append(quote(subresource));
    }
    if (ManagedFieldsEntry.UPDATE.equals(operation)) {
      printed.append(" using ").append(Objects.toString(apiVersion, ""));
    }
    return printed.toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  ManagedFieldsEntry entry() {
    return new ManagedFieldsEntry(
        manager,
        operation,
        apiVersion,
        time,
        ManagedFieldsEntry.FIELDS_V1,
        fields.toFieldsV1(),
        subresource);
  }
}
