package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.ApiException;

/** What each row of a Table carries, Kubernetes' {@code includeObject} parameter. */
enum IncludeObject {
  NONE("None"),
  /** The default: {@code PartialObjectMetadata}, enough for kubectl's namespace and labels. */
  METADATA("Metadata"),
  OBJECT("Object");

  private final String value;

  IncludeObject(String value) {
    this.value = value;
  }

  /** The choice named by the parameter; null means the default. */
  static IncludeObject of(String parameter) {
    if (parameter == null || parameter.isEmpty()) {
      return METADATA;
    }
    for (IncludeObject choice : values()) {
      if (choice.value.equals(parameter)) {
        return choice;
      }
    }
    throw ApiException.badRequest(
        "includeObject",
        "Unsupported value: \""
            + parameter
            + "\": supported values: \"None\", \"Metadata\", \"Object\"");
  }
}
