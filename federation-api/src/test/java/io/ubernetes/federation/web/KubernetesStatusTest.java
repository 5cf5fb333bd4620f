package io.ubernetes.federation.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the filters write outside Spring MVC (the throttle's 429, the database's 503) is a
 * Kubernetes Status on the Kubernetes paths, with the retry delay where clients read it, and a
 * problem document on the old paths.
 */
class KubernetesStatusTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ProblemWriter writer = new ProblemWriter(JSON);

  @Test
  void aThrottledCallOnAGroupPathSaysWhenToRetryInTheStatusDetails() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.setHeader("Retry-After", "7");

    writer.write(
        request("GET", "/apis/ubernetes.io/v1/memberclusters"),
        response,
        HttpStatus.TOO_MANY_REQUESTS,
        "too many failed attempts; retry after 7 s");

    JsonNode status = JSON.readTree(response.getContentAsString());
    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getContentType()).isEqualTo("application/json");
    assertThat(status.at("/kind").asString()).isEqualTo("Status");
    assertThat(status.at("/reason").asString()).isEqualTo("TooManyRequests");
    assertThat(status.at("/code").asInt()).isEqualTo(429);
    assertThat(status.at("/details/retryAfterSeconds").asLong()).isEqualTo(7);
  }

  @Test
  void anUnavailableDatabaseOnTheVersionPathIsAServiceUnavailableStatus() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.setHeader("Retry-After", "1");

    writer.write(
        request("GET", "/version"),
        response,
        HttpStatus.SERVICE_UNAVAILABLE,
        "the storage is unavailable; retry");

    JsonNode status = JSON.readTree(response.getContentAsString());
    assertThat(status.at("/reason").asString()).isEqualTo("ServiceUnavailable");
    assertThat(status.at("/message").asString()).isEqualTo("the storage is unavailable; retry");
    assertThat(status.at("/details/retryAfterSeconds").asLong()).isEqualTo(1);
  }

  @Test
  void theOldPathsKeepTheirProblemDocuments() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();

    writer.write(
        request("POST", "/api/v1/clusters"),
        response,
        HttpStatus.CONTENT_TOO_LARGE,
        "too large",
        List.of(new FieldError("body", "too large")));

    JsonNode problem = JSON.readTree(response.getContentAsString());
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(problem.at("/title").asString()).isEqualTo("RequestEntityTooLarge");
    assertThat(problem.at("/kind").isMissingNode()).isTrue();
  }

  @Test
  void causesCarryKubernetesReasonsAndMessages() {
    assertThat(KubernetesStatus.cause(new FieldError("spec.template", "required")))
        .containsEntry("reason", "FieldValueRequired")
        .containsEntry("message", "Required value")
        .containsEntry("field", "spec.template");
    assertThat(KubernetesStatus.cause(new FieldError("role", "must be one of viewer, admin")))
        .containsEntry("reason", "FieldValueNotSupported");
    assertThat(KubernetesStatus.cause(new FieldError("spec.ports[1]", "duplicate port 80")))
        .containsEntry("reason", "FieldValueDuplicate");
    assertThat(KubernetesStatus.cause(new FieldError("spec.replicas", "must be at least 1")))
        .containsEntry("reason", "FieldValueInvalid")
        .containsEntry("message", "Invalid value: must be at least 1");
  }

  @Test
  void aQuotasRefusalNamesTheResourceWithItsGroupAsKubernetesDoes() {
    // kube-apiserver's quota admission: deployments.apps "web" is forbidden: exceeded quota: ...
    ApiException refusal =
        ApiException.quotaExceeded(
            "FederatedWorkload",
            "api",
            "federatedworkloads \"api\" is forbidden: exceeded quota: compute, requested: pods=3,"
                + " used: pods=2, limited: pods=4");

    Map<String, Object> status =
        KubernetesStatus.of(
            refusal,
            KubernetesRequest.of(
                "PATCH", "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/api", null),
            "ci");

    assertThat(status)
        .containsEntry("reason", "Forbidden")
        .containsEntry("code", 403)
        .containsEntry(
            "message",
            "federatedworkloads.ubernetes.io \"api\" is forbidden: exceeded quota: compute,"
                + " requested: pods=3, used: pods=2, limited: pods=4");
  }

  private static MockHttpServletRequest request(String method, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setRequestURI(path);
    return request;
  }
}
