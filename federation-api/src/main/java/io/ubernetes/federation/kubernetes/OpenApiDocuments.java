package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.kubernetes.GroupPaths.Body;
import io.ubernetes.federation.kubernetes.GroupPaths.Operation;
import io.ubernetes.federation.kubernetes.GroupPaths.Path;
import io.ubernetes.federation.kubernetes.GroupPaths.Query;
import io.ubernetes.federation.resource.ResourceStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group's OpenAPI documents as a Kubernetes API server serves them: v3 for {@code
 * /openapi/v3/apis/ubernetes.io/v1} (kubectl explain, apply and its field validation), v2 for
 * {@code /openapi/v2} (Argo CD, and kubectl when v3 is missing). Both are built from the same paths
 * and schemas, and both are self-contained.
 */
final class OpenApiDocuments {
  /**
   * The patch types the service takes. Not strategic merge: kubectl's client-side apply then sends
   * a JSON merge patch, as it does for custom resources.
   */
  static final List<String> PATCH_TYPES =
      List.of(
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/apply-patch+yaml");

  private static final List<String> PRODUCES = List.of("application/json", "application/yaml");
  private static final String TAG = "ubernetesIo_" + KubernetesApi.VERSION;
  private static final String BEARER = "BearerToken";

  private final GroupSchemas schemas;
  private final List<Path> paths;

  OpenApiDocuments(List<ResourceStrategy<?, ?, ?>> strategies, ServedResources served) {
    this.schemas = new GroupSchemas(strategies);
    this.paths = GroupPaths.of(served.resources(), served.subresources());
  }

  /** The v3 document of the group version. */
  Map<String, Object> v3() {
    String refs = GroupSchemas.V3_REFS;
    Map<String, Object> pathItems = new LinkedHashMap<>();
    for (Path path : paths) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("parameters", pathParameters(path, true));
      for (Operation operation : path.operations()) {
        Map<String, Object> op = operationHead(operation);
        List<Object> parameters = new ArrayList<>();
        for (Query query : operation.query()) {
          Map<String, Object> parameter = query(query);
          parameter.put("schema", ordered("type", query.type(), "uniqueItems", true));
          parameters.add(parameter);
        }
        if (!parameters.isEmpty()) {
          op.put("parameters", parameters);
        }
        if (operation.body() != Body.NONE) {
          String schema = refs + bodySchema(operation);
          List<String> types = operation.body() == Body.PATCH ? PATCH_TYPES : PRODUCES;
          Map<String, Object> content = new LinkedHashMap<>();
          for (String type : types) {
            content.put(type, Map.of("schema", Map.of("$ref", schema)));
          }
          op.put("requestBody", ordered("content", content, "required", required(operation)));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        for (String type : PRODUCES) {
          content.put(type, Map.of("schema", Map.of("$ref", refs + operation.response())));
        }
        op.put("responses", responses(ordered("description", "OK", "content", content), operation));
        tail(op, operation);
        item.put(operation.method(), op);
      }
      pathItems.put(path.path(), item);
    }
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("schemas", schemas.all(refs));
    components.put("securitySchemes", Map.of(BEARER, bearer()));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.0");
    doc.put("info", info());
    doc.put("paths", pathItems);
    doc.put("components", components);
    doc.put("security", List.of(Map.of(BEARER, List.of())));
    return doc;
  }

  /** The v2 (Swagger 2.0) document of the whole server: only this group. */
  Map<String, Object> v2() {
    String refs = GroupSchemas.V2_REFS;
    Map<String, Object> pathItems = new LinkedHashMap<>();
    for (Path path : paths) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("parameters", pathParameters(path, false));
      for (Operation operation : path.operations()) {
        Map<String, Object> op = operationHead(operation);
        op.put("consumes", operation.body() == Body.PATCH ? PATCH_TYPES : List.of("*/*"));
        op.put("produces", PRODUCES);
        op.put("schemes", List.of("https"));
        List<Object> parameters = new ArrayList<>();
        if (operation.body() != Body.NONE) {
          parameters.add(
              ordered(
                  "name",
                  "body",
                  "in",
                  "body",
                  "required",
                  required(operation),
                  "schema",
                  Map.of("$ref", refs + bodySchema(operation))));
        }
        for (Query query : operation.query()) {
          Map<String, Object> parameter = query(query);
          parameter.put("type", query.type());
          parameter.put("uniqueItems", true);
          parameters.add(parameter);
        }
        if (!parameters.isEmpty()) {
          op.put("parameters", parameters);
        }
        op.put(
            "responses",
            responses(
                ordered("description", "OK", "schema", Map.of("$ref", refs + operation.response())),
                operation));
        tail(op, operation);
        item.put(operation.method(), op);
      }
      pathItems.put(path.path(), item);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("swagger", "2.0");
    doc.put("info", info());
    doc.put("paths", pathItems);
    doc.put("definitions", schemas.all(refs));
    doc.put("securityDefinitions", Map.of(BEARER, bearer()));
    doc.put("security", List.of(Map.of(BEARER, List.of())));
    return doc;
  }

  private static String bodySchema(Operation operation) {
    return switch (operation.body()) {
      case PATCH -> GroupSchemas.PATCH;
      case DELETE_OPTIONS -> GroupSchemas.DELETE_OPTIONS;
      case OBJECT, NONE -> operation.response();
    };
  }

  /** A delete's options are optional: without them the object is deleted at once. */
  private static boolean required(Operation operation) {
    return operation.body() != Body.DELETE_OPTIONS;
  }

  private static Map<String, Object> info() {
    return ordered(
        "title", "Kubernetes", "version", "v1." + DiscoveryController.KUBERNETES_MINOR + ".0");
  }

  private static Map<String, Object> bearer() {
    return ordered(
        "type",
        "apiKey",
        "name",
        "authorization",
        "in",
        "header",
        "description",
        "Bearer token authentication: an API token or an identity provider's JWT");
  }

  private static Map<String, Object> operationHead(Operation operation) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("tags", List.of(TAG));
    op.put("description", operation.description());
    op.put("operationId", operation.operationId());
    return op;
  }

  private static Map<String, Object> responses(Map<String, Object> ok, Operation operation) {
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put("200", ok);
    if (operation.action().equals("post")) {
      responses.put("201", ok);
    }
    responses.put("401", Map.of("description", "Unauthorized"));
    return responses;
  }

  /** The Kubernetes extensions kubectl looks for: what the operation does, and to which kind. */
  private static void tail(Map<String, Object> op, Operation operation) {
    op.put("x-kubernetes-action", operation.action());
    op.put("x-kubernetes-group-version-kind", GroupSchemas.gvk(operation.kind()));
  }

  private static List<Object> pathParameters(Path path, boolean v3) {
    List<Object> parameters = new ArrayList<>();
    if (path.named()) {
      parameters.add(pathParameter("name", "name of the " + path.kind(), v3));
    }
    if (path.namespaced()) {
      parameters.add(pathParameter("namespace", "object name and auth scope", v3));
    }
    return parameters;
  }

  private static Map<String, Object> pathParameter(String name, String description, boolean v3) {
    Map<String, Object> parameter =
        ordered("name", name, "in", "path", "description", description, "required", true);
    if (v3) {
      parameter.put("schema", ordered("type", "string", "uniqueItems", true));
    } else {
      parameter.put("type", "string");
      parameter.put("uniqueItems", true);
    }
    return parameter;
  }

  private static Map<String, Object> query(Query query) {
    return ordered("name", query.name(), "in", "query", "description", query.description());
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
