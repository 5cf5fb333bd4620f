package io.ubernetes.federation.kubernetes;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A Swagger 2.0 document in the protobuf form client-go reads from {@code /openapi/v2}: gnostic's
 * {@code openapi.v2.Document} ({@code google/gnostic-models openapiv2/OpenAPIv2.proto}; the field
 * numbers below are that file's). Covers what {@link OpenApiDocuments#v2} writes. Vendor
 * extensions, defaults and enum values are {@code Any} messages carrying YAML; their JSON text is
 * YAML.
 */
final class GnosticEncoder {
  private GnosticEncoder() {}

  static byte[] document(JsonNode doc) {
    ProtobufWriter document = new ProtobufWriter().string(1, text(doc, "swagger"));
    JsonNode info = doc.path("info");
    document.message(
        2,
        new ProtobufWriter()
            .string(1, text(info, "title"))
            .string(2, text(info, "version"))
            .string(3, text(info, "description")));
    ProtobufWriter paths = new ProtobufWriter();
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      paths.message(2, named(path.getKey(), pathItem(path.getValue())));
    }
    document.message(8, paths);
    ProtobufWriter definitions = new ProtobufWriter();
    for (Map.Entry<String, JsonNode> definition : doc.path("definitions").properties()) {
      definitions.message(1, named(definition.getKey(), schema(definition.getValue())));
    }
    document.message(9, definitions);
    for (JsonNode requirement : doc.path("security")) {
      ProtobufWriter names = new ProtobufWriter();
      for (Map.Entry<String, JsonNode> entry : requirement.properties()) {
        ProtobufWriter scopes = new ProtobufWriter();
        for (JsonNode scope : entry.getValue()) {
          scopes.string(1, scope.asString());
        }
        names.message(1, named(entry.getKey(), scopes));
      }
      document.message(12, names);
    }
    ProtobufWriter securityDefinitions = new ProtobufWriter();
    for (Map.Entry<String, JsonNode> scheme : doc.path("securityDefinitions").properties()) {
      JsonNode value = scheme.getValue();
      ProtobufWriter apiKey =
          new ProtobufWriter()
              .string(1, text(value, "type"))
              .string(2, text(value, "name"))
              .string(3, text(value, "in"))
              .string(4, text(value, "description"));
      securityDefinitions.message(
          1, named(scheme.getKey(), new ProtobufWriter().message(2, apiKey)));
    }
    document.message(13, securityDefinitions);
    return document.toBytes();
  }

  private static ProtobufWriter pathItem(JsonNode item) {
    ProtobufWriter writer = new ProtobufWriter();
    int[] fields = {2, 3, 4, 5, 6, 7, 8};
    String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < methods.length; i++) {
      if (item.has(methods[i])) {
        writer.message(fields[i], operation(item.get(methods[i])));
      }
    }
    for (JsonNode parameter : item.path("parameters")) {
      writer.message(9, parameter(parameter));
    }
    return writer;
  }

  private static ProtobufWriter operation(JsonNode op) {
    ProtobufWriter writer = new ProtobufWriter();
    strings(writer, 1, op.path("tags"));
    writer.string(2, text(op, "summary"));
    writer.string(3, text(op, "description"));
    writer.string(5, text(op, "operationId"));
    strings(writer, 6, op.path("produces"));
    strings(writer, 7, op.path("consumes"));
    for (JsonNode parameter : op.path("parameters")) {
      writer.message(8, parameter(parameter));
    }
    ProtobufWriter responses = new ProtobufWriter();
    for (Map.Entry<String, JsonNode> response : op.path("responses").properties()) {
      ProtobufWriter body =
          new ProtobufWriter().string(1, text(response.getValue(), "description"));
      if (response.getValue().has("schema")) {
        body.message(2, new ProtobufWriter().message(1, schema(response.getValue().get("schema"))));
      }
      responses.message(1, named(response.getKey(), new ProtobufWriter().message(1, body)));
    }
    writer.message(9, responses);
    strings(writer, 10, op.path("schemes"));
    extensions(writer, 13, op);
    return writer;
  }

  /** A {@code ParametersItem}: a body parameter, or a query or path one. */
  private static ProtobufWriter parameter(JsonNode parameter) {
    String in = text(parameter, "in");
    ProtobufWriter chosen;
    if ("body".equals(in)) {
      chosen =
          new ProtobufWriter()
              .message(
                  1,
                  new ProtobufWriter()
                      .string(1, text(parameter, "description"))
                      .string(2, text(parameter, "name"))
                      .string(3, in)
                      .bool(4, parameter.path("required").asBoolean())
                      .message(5, schema(parameter.path("schema"))));
    } else {
      boolean query = "query".equals(in);
      ProtobufWriter sub =
          new ProtobufWriter()
              .bool(1, parameter.path("required").asBoolean())
              .string(2, in)
              .string(3, text(parameter, "description"))
              .string(4, text(parameter, "name"))
              .string(query ? 6 : 5, text(parameter, "type"))
              .bool(query ? 20 : 19, parameter.path("uniqueItems").asBoolean());
      chosen = new ProtobufWriter().message(2, new ProtobufWriter().message(query ? 3 : 4, sub));
    }
    return new ProtobufWriter().message(1, chosen);
  }

  private static ProtobufWriter schema(JsonNode schema) {
    ProtobufWriter writer = new ProtobufWriter();
    writer.string(1, text(schema, "$ref"));
    writer.string(2, text(schema, "format"));
    writer.string(4, text(schema, "description"));
    if (schema.has("default")) {
      writer.message(5, any(schema.get("default")));
    }
    if (schema.has("maximum")) {
      writer.float64(7, schema.get("maximum").asDouble());
    }
    if (schema.has("minimum")) {
      writer.float64(9, schema.get("minimum").asDouble());
    }
    writer.int64(11, schema.path("maxLength").asLong());
    writer.int64(14, schema.path("maxItems").asLong());
    writer.int64(15, schema.path("minItems").asLong());
    strings(writer, 19, schema.path("required"));
    for (JsonNode value : schema.path("enum")) {
      writer.message(20, any(value));
    }
    if (schema.has("additionalProperties")) {
      JsonNode additional = schema.get("additionalProperties");
      writer.message(
          21,
          additional.isBoolean()
              ? new ProtobufWriter().bool(2, additional.asBoolean())
              : new ProtobufWriter().message(1, schema(additional)));
    }
    if (schema.has("type")) {
      writer.message(22, new ProtobufWriter().string(1, text(schema, "type")));
    }
    if (schema.has("items")) {
      writer.message(23, new ProtobufWriter().message(1, schema(schema.get("items"))));
    }
    for (JsonNode part : schema.path("allOf")) {
      writer.message(24, schema(part));
    }
    if (schema.has("properties")) {
      ProtobufWriter properties = new ProtobufWriter();
      for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
        properties.message(1, named(property.getKey(), schema(property.getValue())));
      }
      writer.message(25, properties);
    }
    extensions(writer, 31, schema);
    return writer;
  }

  /** The {@code x-} fields of a node as {@code NamedAny} entries. */
  private static void extensions(ProtobufWriter writer, int field, JsonNode node) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().startsWith("x-")) {
        writer.message(field, named(entry.getKey(), any(entry.getValue())));
      }
    }
  }

  /** gnostic's {@code Any}: the value as YAML (its JSON text is YAML) in field 2. */
  private static ProtobufWriter any(JsonNode value) {
    return new ProtobufWriter().string(2, value.toString() + "\n");
  }

  /** The {@code NamedXxx} messages gnostic uses for maps: name 1, value 2. */
  private static ProtobufWriter named(String name, ProtobufWriter value) {
    return new ProtobufWriter().string(1, name).message(2, value);
  }

  private static void strings(ProtobufWriter writer, int field, JsonNode values) {
    for (JsonNode value : values) {
      writer.string(field, value.asString());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }
}
