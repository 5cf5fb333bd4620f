package io.ubernetes.federation.kubernetes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kubectl auth can-i}: the group {@code authorization.k8s.io/v1} with its self-subject
 * access and rules reviews. kubectl sends them in protobuf only (client-go's typed clients for
 * built-in kinds do), and reads a JSON answer.
 */
@RestController
@Tag(name = "Access reviews", description = "What the caller may do, as kubectl auth can-i asks")
class AccessReviewController {
  static final String GROUP = "authorization.k8s.io";
  static final String GROUP_VERSION = GROUP + "/v1";
  private static final String ROOT = "/apis/" + GROUP_VERSION;

  private final AccessReviews reviews;
  private final JsonMapper json;

  AccessReviewController(AccessReviews reviews, JsonMapper json) {
    this.reviews = reviews;
    this.json = json;
  }

  @Operation(summary = "Whether the caller may do one thing (kubectl auth can-i)")
  @PostMapping(path = ROOT + "/selfsubjectaccessreviews")
  ResponseEntity<Map<String, Object>> access(HttpServletRequest request) throws IOException {
    Caller caller = caller(request);
    ReviewRequest review =
        protobuf(request)
            ? ReviewRequest.accessFromProtobuf(envelope(request, "SelfSubjectAccessReview").raw())
            : ReviewRequest.accessFromJson(json(request));
    String refusal = reviews.refusal(caller, review);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("allowed", refusal == null);
    if (refusal != null) {
      status.put("denied", true);
      status.put("reason", refusal);
    } else {
      status.put("reason", "allowed to the " + caller.role().name().toLowerCase() + " role");
    }
    Map<String, Object> spec =
        switch (review) {
          case ReviewRequest.Resource resource -> Map.of("resourceAttributes", resource);
          case ReviewRequest.NonResource nonResource ->
              Map.of("nonResourceAttributes", nonResource);
          case ReviewRequest.Rules rules -> Map.of();
        };
    return created("SelfSubjectAccessReview", spec, status);
  }

  @Operation(summary = "Everything the caller may do in a namespace (kubectl auth can-i --list)")
  @PostMapping(path = ROOT + "/selfsubjectrulesreviews")
  ResponseEntity<Map<String, Object>> rules(HttpServletRequest request) throws IOException {
    Caller caller = caller(request);
    ReviewRequest.Rules review =
        protobuf(request)
            ? ReviewRequest.rulesFromProtobuf(envelope(request, "SelfSubjectRulesReview").raw())
            : ReviewRequest.rulesFromJson(json(request));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("resourceRules", reviews.rules(caller, review.namespace()));
    status.put(
        "nonResourceRules",
        List.of(
            Map.of(
                "verbs",
                List.of("get"),
                "nonResourceURLs",
                List.of("/version", "/api", "/api/*", "/apis", "/apis/*", "/openapi/*"))));
    status.put("incomplete", false);
    return created("SelfSubjectRulesReview", Map.of("namespace", review.namespace()), status);
  }

  @GetMapping("/apis/" + GROUP)
  ResponseEntity<Map<String, Object>> group() {
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("kind", "APIGroup");
    group.put("apiVersion", "v1");
    group.putAll(groupInfo());
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(group);
  }

  @GetMapping(ROOT)
  ResponseEntity<Map<String, Object>> resources() {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", GROUP_VERSION);
    list.put(
        "resources",
        List.of(
            resource("selfsubjectaccessreviews", "SelfSubjectAccessReview"),
            resource("selfsubjectrulesreviews", "SelfSubjectRulesReview")));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(list);
  }

  /** The group in {@code /apis}' APIGroupList. */
  static Map<String, Object> groupInfo() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("groupVersion", GROUP_VERSION);
    version.put("version", "v1");
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", GROUP);
    group.put("versions", List.of(version));
    group.put("preferredVersion", version);
    return group;
  }

  /** The group in aggregated discovery. */
  static Map<String, Object> groupDiscovery() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("version", "v1");
    version.put(
        "resources",
        List.of(
            discovered("selfsubjectaccessreviews", "SelfSubjectAccessReview"),
            discovered("selfsubjectrulesreviews", "SelfSubjectRulesReview")));
    version.put("freshness", "Current");
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("metadata", Map.of("name", GROUP));
    group.put("versions", List.of(version));
    return group;
  }

  private static Map<String, Object> resource(String plural, String kind) {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("name", plural);
    resource.put("singularName", "");
    resource.put("namespaced", false);
    resource.put("kind", kind);
    resource.put("verbs", List.of("create"));
    return resource;
  }

  private static Map<String, Object> discovered(String plural, String kind) {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("resource", plural);
    resource.put("responseKind", Map.of("group", GROUP, "version", "v1", "kind", kind));
    resource.put("scope", "Cluster");
    resource.put("singularResource", "");
    resource.put("verbs", List.of("create"));
    return resource;
  }

  /**
   * The caller, who asks about itself. A request to act as someone else ({@code kubectl --as}) does
   * not get here: the security filters refuse it on every path.
   */
  private static Caller caller(HttpServletRequest request) {
    return Callers.of(request)
        .or(Callers::current)
        .orElseThrow(() -> ApiException.unauthorized("a bearer token is required"));
  }

  private static boolean protobuf(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.startsWith(ProtobufEnvelope.MEDIA_TYPE);
  }

  private static ProtobufEnvelope envelope(HttpServletRequest request, String kind)
      throws IOException {
    ProtobufEnvelope envelope = ProtobufEnvelope.read(request.getInputStream().readAllBytes());
    if (!envelope.kind().equals(kind)) {
      throw ApiException.badRequest(
          "kind", "expected " + kind + ", got \"" + envelope.kind() + "\"");
    }
    return envelope;
  }

  private JsonNode json(HttpServletRequest request) throws IOException {
    try {
      return json.readTree(request.getInputStream());
    } catch (JacksonException e) {
      throw ApiException.badRequest("body", "not a JSON document: " + e.getOriginalMessage());
    }
  }

  private static ResponseEntity<Map<String, Object>> created(
      String kind, Map<String, Object> spec, Map<String, Object> status) {
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("kind", kind);
    review.put("apiVersion", GROUP_VERSION);
    review.put("metadata", Map.of());
    review.put("spec", spec);
    review.put("status", status);
    return ResponseEntity.status(HttpStatus.CREATED)
        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
        .body(review);
  }
}
