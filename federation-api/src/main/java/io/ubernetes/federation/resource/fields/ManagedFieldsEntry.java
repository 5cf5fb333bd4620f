package io.ubernetes.federation.resource.fields;

import tools.jackson.databind.JsonNode;

/**
 * Who owns which fields of an object, as Kubernetes' {@code metav1.ManagedFieldsEntry}: one entry
 * per manager and operation ({@code Apply} for server-side apply, {@code Update} for every other
 * write), the fields in the {@code FieldsV1} form.
 *
 * @param time when the manager last changed the object, RFC 3339 to the second
 */
public record ManagedFieldsEntry(
    String manager,
    String operation,
    String apiVersion,
    String time,
    String fieldsType,
    JsonNode fieldsV1,
    String subresource) {
  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";
  public static final String FIELDS_V1 = "FieldsV1";

  /** An entry with every field unset, as clients send {@code [{}]} to reset managedFields. */
  boolean isEmpty() {
    return manager == null
        && operation == null
        && apiVersion == null
        && time == null
        && fieldsType == null
        && (fieldsV1 == null || fieldsV1.isNull())
        && subresource == null;
  }

  boolean isApply() {
    return APPLY.equals(operation);
  }
}
