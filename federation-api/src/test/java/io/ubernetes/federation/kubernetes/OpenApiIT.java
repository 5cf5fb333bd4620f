package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ubernetes.federation.kubernetes.ProtobufReader.Field;
import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI documents as kubectl, client-go and Argo CD read them: the v3 index and the group
 * version's document under its content hash, and the v2 document in JSON and in gnostic's protobuf;
 * every kind's schema covers every field of the records the API binds, each described.
 */
class OpenApiIT extends ApiIntegrationTest {
  private static final String GROUP_DOC = "/openapi/v3/apis/ubernetes.io/v1";
  private static final String GROUP = "/apis/ubernetes.io/v1";

  @Autowired private List<ResourceStrategy<?, ?, ?>> strategies;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping handlers;

  @Test
  void indexNamesTheGroupVersionDocumentByTheHashOfItsContent() throws Exception {
    String url =
        api.get("/openapi/v3")
            .json()
            .at("/paths/apis~1ubernetes.io~1v1/serverRelativeURL")
            .asString();

    assertThat(url).startsWith(GROUP_DOC + "?hash=");
    Response doc = api.get(url);
    String hash = url.substring(url.indexOf("hash=") + 5);
    assertThat(doc.status()).isEqualTo(200);
    assertThat(sha512(doc.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(hash);
    assertThat(doc.header("ETag")).isEqualTo("\"" + hash + "\"");
    assertThat(doc.header("Cache-Control")).contains("public").contains("immutable");
    assertThat(doc.header("Expires")).isNotBlank();
  }

  @Test
  void aStaleHashIsRedirectedToTheCurrentDocument() {
    String current =
        api.get("/openapi/v3")
            .json()
            .at("/paths/apis~1ubernetes.io~1v1/serverRelativeURL")
            .asString();

    Response stale = api.get(GROUP_DOC + "?hash=ABC123");

    assertThat(stale.status()).isEqualTo(301);
    assertThat(stale.header("Location")).isEqualTo(current);
  }

  @Test
  void operationsNameTheirKindAndPatchTakesNoStrategicMergeButDeclaresFieldValidation() {
    JsonNode paths = api.get(GROUP_DOC).json().path("paths");
    JsonNode named =
        paths.path("/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}");
    JsonNode patch = named.path("patch");

    assertThat(named.path("get").path("x-kubernetes-group-version-kind").path("kind").asString())
        .isEqualTo("FederatedWorkload");
    assertThat(named.path("get").path("x-kubernetes-action").asString()).isEqualTo("get");
    assertThat(patch.path("x-kubernetes-action").asString()).isEqualTo("patch");
    assertThat(patch.path("requestBody").path("content").propertyNames())
        .containsExactlyInAnyOrder(
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/apply-patch+yaml");
    assertThat(patch.path("parameters").valueStream())
        .filteredOn(p -> p.path("in").asString().equals("query"))
        .extracting(p -> p.path("name").asString())
        .contains("fieldValidation", "fieldManager", "dryRun", "force");
    assertThat(
            paths
                .path("/apis/ubernetes.io/v1/memberclusters/{name}")
                .path("get")
                .path("x-kubernetes-group-version-kind")
                .path("kind")
                .asString())
        .isEqualTo("MemberCluster");
  }

  @Test
  void everyPathTheServerServesUnderTheGroupIsInBothDocuments() {
    Set<String> documented = new TreeSet<>(api.get(GROUP_DOC).json().path("paths").propertyNames());
    Set<String> inV2 = new TreeSet<>(api.get("/openapi/v2").json().path("paths").propertyNames());
    Set<String> served = servedPaths();

    assertThat(served)
        .as("what the server maps, its {resource} variables expanded by discovery")
        .contains(
            "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}/status",
            "/apis/ubernetes.io/v1/federatedservices");
    assertThat(documented).containsAll(served);
    assertThat(inV2).isEqualTo(documented);
  }

  @Test
  void everyPathInTheDocumentAnswersARead() {
    String namespace = unique("openapi");
    Map<String, String> names =
        Map.ofEntries(
            Map.entry("memberclusters", unique("cluster")),
            Map.entry("placementpolicies", unique("policy")),
            Map.entry("rolloutstrategies", unique("strategy")),
            Map.entry("federatedworkloads", unique("web")),
            Map.entry("clusterfederatedworkloads", unique("tools")),
            Map.entry("federatedservices", unique("web")),
            Map.entry("overridepolicies", unique("override")),
            Map.entry("clusteroverridepolicies", unique("override")),
            Map.entry("federatedobjects", unique("config")),
            Map.entry("healthrules", unique("health")),
            Map.entry("federatedresourcequotas", unique("quota")));
    created(
        GROUP + "/memberclusters",
        Manifests.cluster(names.get("memberclusters"), "eu-west", "cloud"));
    created(GROUP + "/placementpolicies", Manifests.policy(names.get("placementpolicies")));
    created(
        GROUP + "/rolloutstrategies", Manifests.rolloutStrategy(names.get("rolloutstrategies")));
    created(
        GROUP + "/clusterfederatedworkloads",
        Manifests.clusterWorkload(names.get("clusterfederatedworkloads")));
    String workload = names.get("federatedworkloads");
    created(
        GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload(workload));
    created(
        GROUP + "/namespaces/" + namespace + "/federatedservices",
        ApiClient.json(
            Map.of(
                "metadata",
                Map.of("name", names.get("federatedservices")),
                "spec",
                Map.of("workload", workload, "ports", List.of(Map.of("port", 80))))));
    created(
        GROUP + "/namespaces/" + namespace + "/overridepolicies",
        Manifests.overridePolicy(names.get("overridepolicies")));
    created(
        GROUP + "/clusteroverridepolicies",
        Manifests.clusterOverridePolicy(names.get("clusteroverridepolicies")));
    created(GROUP + "/healthrules", Manifests.healthRule(names.get("healthrules")));
    created(
        GROUP + "/namespaces/" + namespace + "/federatedresourcequotas",
        Manifests.resourceQuota(names.get("federatedresourcequotas")));
    created(
        GROUP + "/namespaces/" + namespace + "/federatedobjects",
        Manifests.federatedObject(names.get("federatedobjects")));
    JsonNode paths = api.get(GROUP_DOC).json().path("paths");

    for (String path : paths.propertyNames()) {
      String resource = resourceOf(path);
      if (path.contains("/rollout:")) {
        // A verb: written, never read (RolloutIT uses them).
        assertThat(paths.path(path).propertyNames())
            .as(path)
            .contains("post")
            .doesNotContain("get", "put", "patch", "delete");
        continue;
      }
      // What one cluster gets: asked of a cluster, as the path's one required parameter.
      String query = path.endsWith("/render") ? "?cluster=" + names.get("memberclusters") : "";
      Response read =
          api.get(
              path.replace("{namespace}", namespace).replace("{name}", names.get(resource))
                  + query);
      if (path.endsWith("/rollout")) {
        // Nor does the rollout pass, which runs in the scheduler's passes.
        assertThat(read.status() == 200 || read.at("/message").contains("not rolled out yet"))
            .as(path + " answered " + read.status() + " " + read.body())
            .isTrue();
      } else if (path.endsWith("/placement")) {
        // The scheduler does not run in these tests: the placement's own answer, not a route's.
        assertThat(read.status() == 200 || read.at("/message").contains("not placed yet"))
            .as(path + " answered " + read.status() + " " + read.body())
            .isTrue();
      } else {
        assertThat(read.status()).as(path + ": " + read.body()).isEqualTo(200);
        assertThat(read.at("/kind")).as(path).startsWith(kindOf(paths.path(path)));
      }
    }
  }

  @Test
  void operationsDeclareTheParametersTheServerHonoursAndSubresourcesOnlyTheirRead() {
    JsonNode paths = api.get(GROUP_DOC).json().path("paths");
    String workloads = GROUP + "/namespaces/{namespace}/federatedworkloads";

    assertThat(queryParameters(paths.path(workloads).path("get")))
        .containsExactly(
            "allowWatchBookmarks",
            "continue",
            "fieldSelector",
            "labelSelector",
            "limit",
            "resourceVersion",
            "resourceVersionMatch",
            "sendInitialEvents",
            "timeoutSeconds",
            "watch");
    assertThat(queryParameters(paths.path(GROUP + "/federatedworkloads").path("get")))
        .contains("watch", "sendInitialEvents");
    assertThat(queryParameters(paths.path(GROUP + "/federatedservices").path("get")))
        .contains("watch", "sendInitialEvents");
    assertThat(queryParameters(paths.path(workloads).path("post")))
        .containsExactly("dryRun", "fieldManager", "fieldValidation");
    assertThat(queryParameters(paths.path(workloads + "/{name}").path("patch")))
        .containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
    JsonNode delete = paths.path(workloads + "/{name}").path("delete");
    assertThat(queryParameters(delete)).containsExactly("dryRun", "resourceVersion");
    assertThat(delete.path("requestBody").path("required").asBoolean()).isFalse();
    assertThat(
            delete
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("$ref")
                .asString())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");
    JsonNode status = paths.path(workloads + "/{name}/status");
    assertThat(status.propertyNames()).containsExactlyInAnyOrder("parameters", "get");
    assertThat(status.path("get").path("x-kubernetes-action").asString()).isEqualTo("get");
    assertThat(kindOf(status)).isEqualTo("FederatedWorkload");
    JsonNode placement = paths.path(workloads + "/{name}/placement");
    assertThat(placement.propertyNames()).containsExactlyInAnyOrder("parameters", "get");
    assertThat(kindOf(placement)).isEqualTo("WorkloadPlacement");
    JsonNode revisions = paths.path(workloads + "/{name}/revisions");
    assertThat(revisions.propertyNames()).containsExactlyInAnyOrder("parameters", "get");
    assertThat(kindOf(revisions)).isEqualTo("WorkloadRevisionList");
    String clusterWorkload = GROUP + "/clusterfederatedworkloads/{name}";
    assertThat(kindOf(paths.path(clusterWorkload + "/render"))).isEqualTo("RenderedWork");
    for (String verb : List.of("pause", "resume", "approve", "abort", "rollback")) {
      JsonNode post = paths.path(clusterWorkload + "/rollout:" + verb).path("post");
      assertThat(post.path("operationId").asString())
          .isEqualTo(verb + "RolloutUbernetesIoV1ClusterFederatedWorkload");
      assertThat(post.path("description").asString()).contains("ClusterFederatedWorkload");
      assertThat(
              paths
                  .path(clusterWorkload + "/rollout:" + verb)
                  .path("parameters")
                  .valueStream()
                  .map(p -> p.path("name").asString()))
          .as("a cluster-scoped path has no namespace")
          .containsExactly("name");
    }
    assertThat(queryParameters(paths.path(clusterWorkload + "/rollout:rollback").path("post")))
        .contains("to");
    for (String path : paths.propertyNames()) {
      for (String method : paths.path(path).propertyNames()) {
        if (!method.equals("parameters")) {
          JsonNode operation = paths.path(path).path(method);
          assertThat(operation.path("x-kubernetes-action").asString())
              .as(method + " " + path)
              .isIn("get", "list", "post", "put", "patch", "delete");
          assertThat(operation.path("x-kubernetes-group-version-kind").path("group").asString())
              .as(method + " " + path)
              .isEqualTo("ubernetes.io");
        }
      }
    }
  }

  @Test
  void thePlacementAndDeleteOptionsSchemasCoverEveryFieldOfTheirRecordsWithADescription() {
    JsonNode schemas = api.get(GROUP_DOC).json().path("components").path("schemas");
    List<String> problems = new ArrayList<>();

    compare(
        io.ubernetes.federation.scheduling.WorkloadPlacement.class,
        schemas.path("io.ubernetes.v1.WorkloadPlacement"),
        "WorkloadPlacement",
        schemas,
        problems);
    compare(
        io.ubernetes.federation.resource.DeleteOptions.class,
        schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"),
        "DeleteOptions",
        schemas,
        problems);

    assertThat(problems).isEmpty();
  }

  /**
   * The paths the server maps under the group, as Spring routes them; {@code {resource}} (the
   * status subresource's controller serves every kind) stands for each resource discovery names
   * with that subresource.
   */
  private Set<String> servedPaths() {
    JsonNode discovered = api.get(GROUP).json().path("resources");
    Set<String> served = new TreeSet<>();
    for (RequestMappingInfo mapping : handlers.getHandlerMethods().keySet()) {
      for (String pattern : mapping.getPatternValues()) {
        if (!pattern.startsWith(GROUP + "/")) {
          continue;
        }
        if (!pattern.contains("{resource}")) {
          served.add(pattern);
          continue;
        }
        String sub = pattern.substring(pattern.lastIndexOf('/') + 1);
        boolean namespaced = pattern.contains("{namespace}");
        for (JsonNode resource : discovered) {
          String name = resource.path("name").asString();
          if (name.endsWith("/" + sub) && resource.path("namespaced").asBoolean() == namespaced) {
            served.add(pattern.replace("{resource}", name.substring(0, name.indexOf('/'))));
          }
        }
      }
    }
    return served;
  }

  private static String resourceOf(String path) {
    List<String> segments =
        List.of(path.substring(GROUP.length() + 1).split("/")).stream()
            .filter(segment -> !segment.startsWith("{") && !segment.equals("namespaces"))
            .toList();
    return segments.getFirst();
  }

  private static String kindOf(JsonNode pathItem) {
    return pathItem.path("get").path("x-kubernetes-group-version-kind").path("kind").asString();
  }

  private static List<String> queryParameters(JsonNode operation) {
    return operation
        .path("parameters")
        .valueStream()
        .filter(p -> p.path("in").asString().equals("query"))
        .map(p -> p.path("name").asString())
        .toList();
  }

  private void created(String path, String body) {
    Response created = api.post(path, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @Test
  void everyKindsSchemaCoversEveryFieldOfItsRecordsWithADescription() {
    JsonNode schemas = api.get(GROUP_DOC).json().path("components").path("schemas");
    List<String> problems = new ArrayList<>();

    for (ResourceStrategy<?, ?, ?> strategy : strategies) {
      JsonNode kind = schemas.path("io.ubernetes.v1." + strategy.kind());
      assertThat(kind.path("x-kubernetes-group-version-kind").get(0).path("kind").asString())
          .isEqualTo(strategy.kind());
      compare(strategy.type(), kind, strategy.kind(), schemas, problems);
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void fieldsTheServiceRequiresAreRequiredInTheSchema() {
    JsonNode schemas = api.get(GROUP_DOC).json().path("components").path("schemas");
    JsonNode workload = schemas.path("io.ubernetes.v1.FederatedWorkload");

    assertThat(workload.path("required").valueStream().map(JsonNode::asString)).contains("spec");
    assertThat(workload.at("/properties/spec/required").valueStream().map(JsonNode::asString))
        .containsExactly("template");
    assertThat(
            schemas
                .at("/io.ubernetes.v1.FederatedService/properties/spec/required")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactlyInAnyOrder("workload", "ports");
    assertThat(
            schemas
                .at(
                    "/io.ubernetes.v1.MemberCluster/properties/spec/properties/taints/items/required")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactlyInAnyOrder("key", "effect");
  }

  @Test
  void listsThatAreMapsAreDeclaredSoAndOthersAreAtomic() {
    JsonNode schemas = api.get(GROUP_DOC).json().path("components").path("schemas");

    for (ResourceStrategy<?, ?, ?> strategy : strategies) {
      for (Map.Entry<String, List<String>> list : strategy.listMapKeys().entrySet()) {
        JsonNode node = schemas.path("io.ubernetes.v1." + strategy.kind());
        for (String step : list.getKey().split("\\.")) {
          node = node.path("properties").path(step);
        }
        assertThat(node.path("x-kubernetes-list-type").asString())
            .as(list.getKey())
            .isEqualTo("map");
        assertThat(node.path("x-kubernetes-list-map-keys").valueStream().map(JsonNode::asString))
            .containsExactlyElementsOf(list.getValue());
      }
    }
    JsonNode taints =
        schemas.at("/io.ubernetes.v1.MemberCluster/properties/spec/properties/taints");
    assertThat(taints.path("x-kubernetes-list-type").asString()).isIn("atomic", "map");
    assertThat(
            schemas
                .at("/io.ubernetes.v1.FederatedService/properties/spec/properties/type/enum")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactly("ClusterIP", "LoadBalancer", "Headless");
  }

  @Test
  void v2InJsonGivesEveryKindAndListOneUniqueGroupVersionKind() {
    JsonNode definitions = api.get("/openapi/v2").json().path("definitions");
    List<String> gvks = new ArrayList<>();

    for (String name : definitions.propertyNames()) {
      for (JsonNode gvk : definitions.path(name).path("x-kubernetes-group-version-kind")) {
        gvks.add(
            gvk.path("group").asString()
                + "/"
                + gvk.path("version").asString()
                + "/"
                + gvk.path("kind").asString());
      }
    }

    assertThat(gvks).doesNotHaveDuplicates();
    assertThat(gvks)
        .contains(
            "ubernetes.io/v1/FederatedWorkload",
            "ubernetes.io/v1/FederatedWorkloadList",
            "ubernetes.io/v1/MemberCluster");
  }

  @Test
  void v2InProtobufDecodesToTheSameDefinitionsWithTheirGroupVersionKinds() throws Exception {
    HttpResponse<byte[]> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/openapi/v2"))
                    .header("Authorization", "Bearer " + ApiClient.ADMIN_TOKEN)
                    .header("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = api.get("/openapi/v2").json();

    assertThat(answer.statusCode()).isEqualTo(200);
    // The answer's type as kube-openapi writes it: Go's media type parser refuses the "@".
    assertThat(answer.headers().firstValue("Content-Type"))
        .contains("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    List<Field> document = ProtobufReader.read(answer.body());
    assertThat(ProtobufReader.one(document, 1).string()).isEqualTo("2.0");
    Map<String, String> gvkYaml = new HashMap<>();
    Set<String> definitionNames = new TreeSet<>();
    for (Field named : ProtobufReader.one(document, 9).message()) {
      List<Field> entry = named.message();
      String name = ProtobufReader.one(entry, 1).string();
      definitionNames.add(name);
      for (Field extension : ProtobufReader.all(ProtobufReader.one(entry, 2).message(), 31)) {
        List<Field> namedAny = extension.message();
        if (ProtobufReader.one(namedAny, 1).string().equals("x-kubernetes-group-version-kind")) {
          gvkYaml.put(
              name, ProtobufReader.one(ProtobufReader.one(namedAny, 2).message(), 2).string());
        }
      }
    }
    assertThat(definitionNames).isEqualTo(new TreeSet<>(json.path("definitions").propertyNames()));
    for (ResourceStrategy<?, ?, ?> strategy : strategies) {
      String name = "io.ubernetes.v1." + strategy.kind();
      JsonNode gvk = ApiClient.tree(gvkYaml.get(name));
      assertThat(gvk.get(0).path("kind").asString()).isEqualTo(strategy.kind());
      assertThat(gvk.get(0).path("group").asString()).isEqualTo("ubernetes.io");
      assertThat(gvk)
          .isEqualTo(json.path("definitions").path(name).path("x-kubernetes-group-version-kind"));
    }
    List<Field> paths = ProtobufReader.one(document, 8).message();
    assertThat(ProtobufReader.all(paths, 2)).hasSize(json.path("paths").size());
  }

  /** Compares a record with its schema, property by property, down to the leaves. */
  private static void compare(
      Class<?> record, JsonNode schema, String at, JsonNode schemas, List<String> problems) {
    JsonNode properties = schema.path("properties");
    Set<String> expected = new TreeSet<>();
    for (RecordComponent component : record.getRecordComponents()) {
      String name = jsonName(component);
      expected.add(name);
      JsonNode property = properties.path(name);
      String path = at + "." + name;
      if (property.isMissingNode()) {
        continue;
      }
      if (property.path("description").asString("").isBlank()) {
        problems.add(path + " has no description");
      }
      if (property.has("allOf")) {
        String ref = property.path("allOf").get(0).path("$ref").asString();
        property = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
      }
      descend(component.getGenericType(), property, path, schemas, problems);
    }
    Set<String> actual = new TreeSet<>(properties.propertyNames());
    if (!actual.equals(expected)) {
      problems.add(at + " has properties " + actual + " but its record " + expected);
    }
  }

  private static void descend(
      Type type, JsonNode schema, String path, JsonNode schemas, List<String> problems) {
    if (type instanceof ParameterizedType generic) {
      Class<?> raw = (Class<?>) generic.getRawType();
      Type argument = generic.getActualTypeArguments()[generic.getActualTypeArguments().length - 1];
      if (List.class.isAssignableFrom(raw)) {
        descend(argument, schema.path("items"), path + "[]", schemas, problems);
      } else if (Map.class.isAssignableFrom(raw)) {
        descend(argument, schema.path("additionalProperties"), path + "{}", schemas, problems);
      }
      return;
    }
    if (type instanceof Class<?> cls
        && cls.isRecord()
        && !cls.getSimpleName().startsWith("IntOr")) {
      compare(cls, schema, path, schemas, problems);
    }
  }

  private static String jsonName(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    if (property == null) {
      try {
        property =
            component
                .getDeclaringRecord()
                .getDeclaredField(component.getName())
                .getAnnotation(JsonProperty.class);
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(e);
      }
    }
    return property != null ? property.value() : component.getName();
  }

  private static String sha512(byte[] content) throws Exception {
    return HexFormat.of()
        .withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-512").digest(content));
  }
}
