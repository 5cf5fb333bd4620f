package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * However a credential is wrong (unknown, in the wrong scheme, without its scheme, missing after
 * it), the answer is the same 401 problem with {@code WWW-Authenticate: Bearer}, saying what to
 * send instead and never echoing what was sent.
 */
class UnauthenticatedAnswersIT extends ApiIntegrationTest {
  private static final String WRONG_TOKEN = "ubt_nobody_wrong-secret-0123456789";

  static Stream<Arguments> wrongCredentials() {
    return Stream.of(
        argumentSet("an unknown API token", "Bearer " + WRONG_TOKEN, WRONG_TOKEN, "is not valid"),
        argumentSet(
            "Basic credentials", "Basic YWRtaW46c2VjcmV0", "YWRtaW46c2VjcmV0", "Basic scheme"),
        argumentSet(
            "a token without Bearer", ApiClient.ADMIN_TOKEN, ApiClient.ADMIN_TOKEN, "no scheme"),
        argumentSet("bearer without a token", "bearer", null, "no token"),
        argumentSet("Bearer and spaces", "Bearer   ", null, "no token"));
  }

  @ParameterizedTest
  @MethodSource("wrongCredentials")
  void answersTheSameProblemAsAWrongToken(String authorization, String secret, String why) {
    ApiClient caller = api.withAuthorization(authorization);

    for (Response answer :
        List.of(
            caller.get("/api/v1/clusters"),
            caller.post("/api/v1/namespaces/auth/workloads", Manifests.workload("never")))) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(401);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.at("/title")).isEqualTo("Unauthorized");
      assertThat(answer.header("WWW-Authenticate"))
          .startsWith("Bearer realm=\"ubernetes\", error=\"invalid_token\"");
      assertThat(answer.at("/detail")).contains(why);
      if (!why.equals("is not valid")) {
        assertThat(answer.at("/detail")).contains("send Authorization: Bearer <token>");
      }
      if (secret != null) {
        assertThat(answer.body()).doesNotContain(secret);
        assertThat(answer.header("WWW-Authenticate")).doesNotContain(secret);
      }
    }
  }

  @Test
  void namesTheJoinTokenWhenItIsSentAsAnApiToken() {
    Response answer = api.withToken("test-join-token").get("/api/v1/clusters");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.at("/detail"))
        .contains("join token")
        .contains("POST /api/v1/agent/join")
        .contains("API token");
    assertThat(answer.body()).doesNotContain("test-join-token");
  }
}
