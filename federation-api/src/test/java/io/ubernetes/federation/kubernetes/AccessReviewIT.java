package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubectl auth can-i}: self-subject access and rules reviews, sent in Kubernetes' protobuf
 * envelope as kubectl sends them (or in JSON), answered from the caller's own role and namespaces
 * with the decision the real request would get.
 */
class AccessReviewIT extends ApiIntegrationTest {
  private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final String RULES = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  @Test
  void anAdminMayCreateWorkloadsAsKubectlAsksInProtobuf() throws Exception {
    HttpResponse<String> answer =
        post(
            ApiClient.ADMIN_TOKEN,
            REVIEWS,
            PROTOBUF,
            accessReview("default", "create", "federatedworkloads"),
            Map.of());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode review = ApiClient.tree(answer.body());
    assertThat(review.at("/kind").asString()).isEqualTo("SelfSubjectAccessReview");
    assertThat(review.at("/apiVersion").asString()).isEqualTo("authorization.k8s.io/v1");
    assertThat(review.at("/spec/resourceAttributes/verb").asString()).isEqualTo("create");
    assertThat(review.at("/spec/resourceAttributes/resource").asString())
        .isEqualTo("federatedworkloads");
    assertThat(review.at("/status/allowed").asBoolean()).isTrue();
  }

  @Test
  void aViewerMayReadButNotCreateAndIsToldWhy() throws Exception {
    String viewer = token("viewer", List.of());

    JsonNode read =
        ApiClient.tree(
            post(
                    viewer,
                    REVIEWS,
                    PROTOBUF,
                    accessReview("shop", "list", "federatedworkloads"),
                    Map.of())
                .body());
    JsonNode write =
        ApiClient.tree(
            post(
                    viewer,
                    REVIEWS,
                    PROTOBUF,
                    accessReview("shop", "create", "federatedworkloads"),
                    Map.of())
                .body());

    assertThat(read.at("/status/allowed").asBoolean()).isTrue();
    assertThat(write.at("/status/allowed").asBoolean()).isFalse();
    assertThat(write.at("/status/denied").asBoolean()).isTrue();
    assertThat(write.at("/status/reason").asString()).contains("operator");
  }

  @Test
  void aConfinedOperatorIsAllowedOnlyInItsNamespacesAndJsonReviewsWorkToo() throws Exception {
    String operator = token("operator", List.of("shop"));
    String json =
        """
        {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
         "spec": {"resourceAttributes": {"namespace": "%s", "verb": "delete",
                  "group": "ubernetes.io", "resource": "federatedservices", "name": "web"}}}
        """;

    JsonNode own =
        ApiClient.tree(
            post(
                    operator,
                    REVIEWS,
                    "application/json",
                    json.formatted("shop").getBytes(StandardCharsets.UTF_8),
                    Map.of())
                .body());
    JsonNode other =
        ApiClient.tree(
            post(
                    operator,
                    REVIEWS,
                    "application/json",
                    json.formatted("bank").getBytes(StandardCharsets.UTF_8),
                    Map.of())
                .body());
    JsonNode clusters =
        ApiClient.tree(
            post(
                    operator,
                    REVIEWS,
                    PROTOBUF,
                    accessReview("", "create", "memberclusters"),
                    Map.of())
                .body());

    JsonNode quotas =
        ApiClient.tree(
            post(
                    operator,
                    REVIEWS,
                    PROTOBUF,
                    accessReview("shop", "create", "federatedresourcequotas"),
                    Map.of())
                .body());

    assertThat(own.at("/status/allowed").asBoolean()).isTrue();
    assertThat(other.at("/status/allowed").asBoolean()).isFalse();
    assertThat(other.at("/status/reason").asString()).contains("shop");
    assertThat(clusters.at("/status/allowed").asBoolean()).isFalse();
    assertThat(quotas.at("/status/allowed").asBoolean())
        .as("not even in its own namespace: a tenant does not raise its own limit")
        .isFalse();
    assertThat(quotas.at("/status/reason").asString()).contains("federated resource quotas");
  }

  @Test
  void theRulesOfAViewerAreReadsOfEveryResource() throws Exception {
    String viewer = token("viewer", List.of());

    HttpResponse<String> answer = post(viewer, RULES, PROTOBUF, rulesReview("default"), Map.of());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode review = ApiClient.tree(answer.body());
    assertThat(review.at("/kind").asString()).isEqualTo("SelfSubjectRulesReview");
    assertThat(review.at("/spec/namespace").asString()).isEqualTo("default");
    assertThat(review.at("/status/incomplete").asBoolean()).isFalse();
    assertThat(review.at("/status/resourceRules"))
        .anySatisfy(
            rule -> {
              assertThat(rule.at("/apiGroups/0").asString()).isEqualTo("ubernetes.io");
              assertThat(rule.at("/resources").valueStream().map(JsonNode::asString))
                  .contains("federatedworkloads", "memberclusters");
              assertThat(rule.at("/verbs").valueStream().map(JsonNode::asString))
                  .containsExactlyInAnyOrder("get", "list", "watch");
            });
    assertThat(
            review
                .at("/status/nonResourceRules/0/nonResourceURLs")
                .valueStream()
                .map(JsonNode::asString))
        .contains("/apis");
  }

  @Test
  void anonymousCallersAreAskedToAuthenticateAndImpersonationIsRefused() throws Exception {
    HttpResponse<String> anonymous =
        post(
            null,
            REVIEWS,
            PROTOBUF,
            accessReview("default", "get", "federatedworkloads"),
            Map.of());
    HttpResponse<String> impersonating =
        post(
            ApiClient.ADMIN_TOKEN,
            REVIEWS,
            PROTOBUF,
            accessReview("default", "get", "federatedworkloads"),
            Map.of("Impersonate-User", "bob"));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(ApiClient.tree(anonymous.body()).at("/kind").asString()).isEqualTo("Status");
    assertThat(impersonating.statusCode()).isEqualTo(403);
    assertThat(ApiClient.tree(impersonating.body()).at("/reason").asString())
        .isEqualTo("Forbidden");
  }

  @Test
  void discoveryListsTheAuthorizationGroup() {
    Response groups = api.get("/apis");
    Response resources = api.get("/apis/authorization.k8s.io/v1");
    JsonNode aggregated =
        api.get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            .json();

    assertThat(groups.json().at("/groups").valueStream().map(g -> g.at("/name").asString()))
        .containsExactly("ubernetes.io", "authorization.k8s.io");
    assertThat(
            resources
                .json()
                .at("/resources")
                .valueStream()
                .map(r -> r.at("/name").asString() + ":" + r.at("/verbs/0").asString()))
        .containsExactlyInAnyOrder(
            "selfsubjectaccessreviews:create", "selfsubjectrulesreviews:create");
    assertThat(aggregated.at("/items").valueStream().map(g -> g.at("/metadata/name").asString()))
        .containsExactly("ubernetes.io", "authorization.k8s.io");
  }

  private String token(String role, List<String> namespaces) {
    return api.issueToken(unique("review-" + role), role, namespaces);
  }

  private HttpResponse<String> post(
      String token, String path, String contentType, byte[] body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .header("Accept", PROTOBUF + ",application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** A SelfSubjectAccessReview in the envelope kubectl 1.35 sends (see research, section 7). */
  static byte[] accessReview(String namespace, String verb, String resource) {
    byte[] attributes =
        concat(
            string(1, namespace),
            string(2, verb),
            string(3, "ubernetes.io"),
            string(4, ""),
            string(5, resource),
            string(6, ""),
            string(7, ""));
    byte[] spec = message(1, attributes);
    byte[] review = concat(message(1, new byte[0]), message(2, spec), message(3, new byte[0]));
    return envelope("SelfSubjectAccessReview", review);
  }

  static byte[] rulesReview(String namespace) {
    byte[] review =
        concat(message(1, new byte[0]), message(2, string(1, namespace)), message(3, new byte[0]));
    return envelope("SelfSubjectRulesReview", review);
  }

  private static byte[] envelope(String kind, byte[] raw) {
    byte[] typeMeta = concat(string(1, "authorization.k8s.io/v1"), string(2, kind));
    byte[] unknown = concat(message(1, typeMeta), message(2, raw), string(3, ""), string(4, ""));
    return concat(new byte[] {'k', '8', 's', 0}, unknown);
  }

  private static byte[] string(int field, String value) {
    return message(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-delimited field: tag, varint length, bytes. */
  private static byte[] message(int field, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(field << 3 | 2);
    int length = value.length;
    while (length >= 0x80) {
      out.write(length & 0x7f | 0x80);
      length >>>= 7;
    }
    out.write(length);
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
