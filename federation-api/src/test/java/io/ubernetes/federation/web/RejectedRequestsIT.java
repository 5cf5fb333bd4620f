package io.ubernetes.federation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.RawHttp;
import io.ubernetes.federation.testing.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests refused before they reach the API, by the servlet container (Tomcat) or the request
 * firewall (Spring Security), get the API's problem documents like every other 4xx: never an HTML
 * page. Sent over a raw socket, since an HTTP client library refuses to send most of them. Reads
 * only: the audit log records no refused read.
 */
class RejectedRequestsIT extends ApiIntegrationTest {

  // spotless:off
  static Stream<Arguments> rejectedTargets() {
    return Stream.of(
        // Refused by Tomcat while it decodes and normalizes the path.
        argumentSet("encoded traversal", "/api/v1/clusters/%2e%2e%2f%2e%2e%2fetc"),
        argumentSet("encoded slash", "/api/v1/clusters/a%2Fb"),
        argumentSet("encoded NUL", "/api/v1/clusters/a%00b"),
        argumentSet("encoded backslash", "/api/v1/clusters/a%5Cb"),
        argumentSet("overlong UTF-8", "/api/v1/clusters/%C0%AE%C0%AE"),
        argumentSet("malformed escape", "/api/v1/clusters/a%zzb"),
        argumentSet("raw backslash", "/api/v1/clusters/a\\b"),
        argumentSet("traversal above the root", "/api/v1/../../../etc/passwd"),
        // Refused by the request firewall.
        argumentSet("encoded dots", "/api/v1/clusters/a%2e%2e/b"),
        argumentSet("path parameter", "/api/v1/clusters;jsessionid=1/x"),
        argumentSet("empty segment", "/api/v1//clusters"),
        argumentSet("encoded percent", "/api/v1/clusters/a%25b"),
        argumentSet("unnormalized path", "/api/v1/x/../clusters"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("rejectedTargets")
  void refusedPathsGetAProblemDocument(String target) {
    Answer answer = RawHttp.get(port(), target);

    assertProblem(answer, 400);
  }

  @Test
  void aHeaderOfSixtyFourKibibytesIs431() {
    Answer answer = RawHttp.get(port(), "/api/v1/clusters", "X-Padding: " + "a".repeat(64 * 1024));

    assertProblem(answer, 431);
    assertThat(answer.at("/detail")).contains("header");
  }

  @Test
  void aUrlOfOneHundredKibibytesIs414() {
    Answer answer = RawHttp.get(port(), "/api/v1/clusters?labelSelector=" + "a".repeat(100 * 1024));

    assertProblem(answer, 414);
    assertThat(answer.at("/detail")).contains("URL");
  }

  @Test
  void aControlCharacterInTheAuthorizationHeaderIs400() {
    Answer answer =
        RawHttp.exchange(
            port(),
            ("GET /api/v1/clusters HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer ubt_a\u0001b\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(answer.status()).as(answer.body()).isBetween(400, 401);
    assertThat(answer.contentType()).startsWith("application/problem+json");
  }

  @Test
  void aMalformedRequestLineIs400() {
    Answer answer =
        RawHttp.exchange(
            port(),
            "G@T /api/v1/clusters HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));

    assertProblem(answer, 400);
  }

  @Test
  void theServiceStillAnswersAfterwards() {
    RawHttp.get(port(), "/api/v1/clusters", "X-Padding: " + "a".repeat(64 * 1024));

    assertThat(api.get("/api/v1/clusters").status()).isEqualTo(200);
  }

  private static void assertProblem(Answer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
    assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    assertThat(answer.at("/type")).startsWith("https://ubernetes.io/problems/");
    assertThat(answer.at("/title")).isNotBlank();
    assertThat(answer.at("/detail")).isNotBlank().doesNotContain("<html");
    assertThat(answer.body()).hasSizeLessThan(2_000);
  }
}
