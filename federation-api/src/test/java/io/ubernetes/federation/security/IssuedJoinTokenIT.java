package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Join tokens an admin issues: shown once, stored as a hash, expiring, bound to a cluster name when
 * asked, revocable, and spent by the one join they admit, through real agent joins over HTTP.
 */
class IssuedJoinTokenIT extends ApiIntegrationTest {
  @Autowired private DataSource dataSource;

  @Test
  void issuesATokenShownOnceThatJoinsItsClusterOnceAndOnlyForItsAgent() {
    String cluster = unique("jt-bound");
    Instant before = Instant.now();

    Response issued =
        api.post("/api/v1/jointokens", "{\"cluster\": \"%s\", \"ttl\": \"2h\"}".formatted(cluster));
    String token = issued.at("/token");
    String id = issued.at("/metadata/id");
    Response joined = join(cluster, token, "agent-1");
    Response askedAgain = join(cluster, token, "agent-1");
    Response listed = api.get("/api/v1/jointokens");

    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    assertThat(token).startsWith("ubj_" + id + "_");
    assertThat(issued.at("/metadata/cluster")).isEqualTo(cluster);
    assertThat(Instant.parse(issued.at("/metadata/expiresAt")))
        .isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(Duration.ofHours(2)));
    assertThat(issued.at("/metadata/createdBy")).isNotBlank();
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    assertThat(joined.at("/credential")).startsWith("ubc_");
    // The same agent (its request id) asks again, as it does when an answer was lost.
    assertThat(askedAgain.status()).as(askedAgain.body()).isEqualTo(200);
    JsonNode item = item(listed, id);
    assertThat(item.path("usedBy").asString()).isEqualTo(cluster);
    assertThat(item.path("usedAt").asString()).isNotBlank();
    String secret = token.substring(("ubj_" + id + "_").length());
    assertThat(listed.body()).doesNotContain(secret);
    String stored =
        JdbcClient.create(dataSource)
            .sql("select hash from join_tokens where id = ?")
            .param(id)
            .query(String.class)
            .single();
    assertThat(stored).hasSize(64).doesNotContain(secret);
  }

  @Test
  void aSpentTokenJoinsNoOtherAgentOrCluster() {
    String first = unique("jt-first");
    String token = issue("{}");

    Response joined = join(first, token, "agent-1");
    Response otherCluster = join(unique("jt-second"), token, "agent-2");
    Response otherAgent = join(first, token, "agent-3");

    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    assertThat(otherCluster.status()).isEqualTo(401);
    assertThat(otherCluster.contentType()).startsWith("application/problem+json");
    assertThat(otherCluster.at("/detail"))
        .contains("was spent")
        .contains("\"" + first + "\"")
        .contains("joins one cluster once");
    assertThat(otherAgent.status()).isEqualTo(401);
  }

  @Test
  void aTokenBoundToAClusterRefusesAnotherNameNamingBoth() {
    String cluster = unique("jt-named");
    String other = unique("jt-other");
    String token = issue("{\"cluster\": \"%s\"}".formatted(cluster));

    Response refused = join(other, token, "agent-1");
    Response joined = join(cluster, token, "agent-2");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.at("/detail"))
        .contains("joins cluster \"" + cluster + "\" only, not \"" + other + "\"");
    assertThat(api.get("/apis/ubernetes.io/v1/memberclusters/" + other).status()).isEqualTo(404);
    // The refusal spent nothing.
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
  }

  @Test
  void aRevokedTokenJoinsNothingAndTheRevocationIsAudited() {
    Response issued = api.post("/api/v1/jointokens", "{\"ttl\": \"30m\"}");
    String id = issued.at("/metadata/id");

    Response revoked = api.delete("/api/v1/jointokens/" + id);
    Response refused = join(unique("jt-revoked"), issued.at("/token"), "agent-1");
    Response missing = api.delete("/api/v1/jointokens/nosuchtoken1");

    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.at("/revokedAt")).isNotNull();
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.at("/detail")).contains("join token " + id + " was revoked");
    assertThat(missing.status()).isEqualTo(404);
    Response audit = api.get("/api/v1/audit?resource=JoinToken&outcome=allowed&name=" + id);
    assertThat(audit.json().path("items").valueStream().map(e -> e.path("verb").asString()))
        .containsExactlyInAnyOrder("create", "delete");
  }

  @Test
  void anExpiredTokenJoinsNothing() {
    Response issued = api.post("/api/v1/jointokens", "{\"ttl\": \"1s\"}");
    Instant expiresAt = Instant.parse(issued.at("/metadata/expiresAt"));
    await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt));

    Response refused = join(unique("jt-late"), issued.at("/token"), "agent-1");

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.at("/detail"))
        .contains("join token " + issued.at("/metadata/id") + " expired at");
  }

  @Test
  void twoAgentsRacingWithOneTokenJoinExactlyOneCluster() throws Exception {
    String token = issue("{}");
    List<String> clusters = List.of(unique("jt-race"), unique("jt-race"));
    CountDownLatch start = new CountDownLatch(1);
    List<Response> answers;
    try (ExecutorService agents = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Response>> racing =
          clusters.stream()
              .map(
                  cluster ->
                      agents.submit(
                          () -> {
                            start.await();
                            return join(cluster, token, "agent-" + cluster);
                          }))
              .toList();
      start.countDown();
      answers = List.of(racing.get(0).get(), racing.get(1).get());
    }

    assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(200, 401);
    int loser = answers.get(0).status() == 200 ? 1 : 0;
    assertThat(answers.get(loser).at("/detail")).contains("was spent");
    assertThat(
            clusters.stream()
                .map(c -> api.get("/apis/ubernetes.io/v1/memberclusters/" + c).status()))
        .containsExactlyInAnyOrder(200, 404);
  }

  @Test
  void namesAnIssuedJoinTokenSentAsAnApiToken() {
    String token = issue("{}");

    Response answer = api.withToken(token).get("/api/v1/clusters");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.at("/detail")).contains("join token").contains("POST /api/v1/agent/join");
    assertThat(answer.body()).doesNotContain(token);
  }

  @Test
  void theBootstrapJoinTokenKeepsWorking() {
    String cluster = unique("jt-bootstrap");

    assertThat(api.joinCluster(cluster, "test-join-token")).startsWith("ubc_");
  }

  @Test
  void onlyAdminsIssueListAndRevokeJoinTokens() {
    ApiClient operator =
        api.withToken(api.issueToken(unique("jt-operator"), "operator", List.of()));

    Response issued = operator.post("/api/v1/jointokens", "{}");
    Response listed = operator.get("/api/v1/jointokens");

    assertThat(issued.status()).isEqualTo(403);
    assertThat(issued.contentType()).startsWith("application/problem+json");
    assertThat(issued.at("/detail")).contains("join tokens");
    assertThat(listed.status()).isEqualTo(403);
  }

  @Test
  void refusesBadRequestsNamingTheField() {
    Response forever = api.post("/api/v1/jointokens", "{\"ttl\": \"48h\"}");
    Response garbled = api.post("/api/v1/jointokens", "{\"ttl\": \"soon\"}");
    Response zero = api.post("/api/v1/jointokens", "{\"ttl\": \"0s\"}");
    Response badName = api.post("/api/v1/jointokens", "{\"cluster\": \"Not_Valid\"}");
    Response notJson = api.post("/api/v1/jointokens", "{\"ttl\": ");

    assertThat(List.of(forever, garbled, zero, badName))
        .allSatisfy(
            r -> {
              assertThat(r.status()).as(r.body()).isEqualTo(422);
              assertThat(r.contentType()).startsWith("application/problem+json");
            });
    assertThat(forever.errorFields()).containsExactly("ttl");
    assertThat(forever.body()).contains("at most 24h");
    assertThat(garbled.errorFields()).containsExactly("ttl");
    assertThat(zero.errorFields()).containsExactly("ttl");
    assertThat(badName.errorFields()).containsExactly("cluster");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.contentType()).startsWith("application/problem+json");
  }

  private String issue(String body) {
    Response issued = api.post("/api/v1/jointokens", body);
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return issued.at("/token");
  }

  private Response join(String cluster, String token, String requestId) {
    return api.withToken(null)
        .post(
            "/api/v1/agent/join",
            """
            {"cluster": "%s", "joinToken": "%s", "requestId": "%s",
             "facts": {"region": "eu-central", "provider": "test", "tier": "onprem"}}
            """
                .formatted(cluster, token, requestId));
  }

  private static JsonNode item(Response listed, String id) {
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    return listed
        .json()
        .path("items")
        .valueStream()
        .filter(i -> id.equals(i.path("id").asString()))
        .findFirst()
        .orElseThrow();
  }
}
