package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** API tokens: issued once, listed without secrets, revoked at once, never stored or logged. */
@ExtendWith(OutputCaptureExtension.class)
class ApiTokenIT extends ApiIntegrationTest {
  @Autowired private DataSource dataSource;

  @Test
  void issuesATokenShownOnceThatWorksUntilRevoked() {
    String name = unique("ci");
    Response issued =
        api.post(
            "/api/v1/tokens",
            ApiClient.json(
                Map.of(
                    "name",
                    name,
                    "role",
                    "operator",
                    "namespaces",
                    List.of("ci"),
                    "expiresIn",
                    "30d")));
    String token = issued.at("/token");
    String id = issued.at("/metadata/id");
    ApiClient ci = api.withToken(token);

    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    assertThat(token).startsWith("ubt_" + id + "_");
    assertThat(issued.at("/metadata/role")).isEqualTo("operator");
    assertThat(issued.at("/metadata/expiresAt")).isNotNull();
    assertThat(ci.post("/api/v1/namespaces/ci/workloads", Manifests.workload(unique("w"))).status())
        .isEqualTo(201);
    Response listed = api.get("/api/v1/tokens");
    assertThat(listed.body()).contains(id).doesNotContain(token.substring(token.lastIndexOf('_')));

    Response revoked = api.delete("/api/v1/tokens/" + id);

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.at("/revokedAt")).isNotNull();
    Response refused = ci.get("/api/v1/namespaces/ci/workloads");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.at("/detail")).contains("revoked");
  }

  @Test
  void refusesBadTokenRequestsNamingTheFields() {
    Response badRole =
        api.post("/api/v1/tokens", "{\"name\": \"x\", \"role\": \"root\", \"expiresIn\": \"1d\"}");
    Response scopedAdmin =
        api.post(
            "/api/v1/tokens",
            "{\"name\": \"x\", \"role\": \"admin\", \"namespaces\": [\"a\"], \"expiresIn\": \"1d\"}");
    Response forever =
        api.post(
            "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\", \"expiresIn\": \"999d\"}");
    Response noExpiry = api.post("/api/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\"}");
    Response badNamespace =
        api.post(
            "/api/v1/tokens",
            "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": [\"Not_Valid\"],"
                + " \"expiresIn\": \"1d\"}");
    Response past =
        api.post(
            "/api/v1/tokens",
            "{\"name\": \"x\", \"role\": \"viewer\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}");
    Response notJson = api.post("/api/v1/tokens", "{\"name\": ");

    assertThat(List.of(badRole, scopedAdmin, forever, noExpiry, badNamespace, past))
        .allSatisfy(
            r -> {
              assertThat(r.status()).as(r.body()).isEqualTo(422);
              assertThat(r.contentType()).startsWith("application/problem+json");
            });
    assertThat(badRole.errorFields()).containsExactly("role");
    assertThat(scopedAdmin.errorFields()).containsExactly("namespaces");
    assertThat(forever.errorFields()).containsExactly("expiresIn");
    assertThat(noExpiry.errorFields()).containsExactly("expiresIn");
    assertThat(badNamespace.errorFields()).containsExactly("namespaces[0]");
    assertThat(past.errorFields()).containsExactly("expiresAt");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(api.delete("/api/v1/tokens/nosuchtoken").status()).isEqualTo(404);
  }

  @Test
  void answersMalformedAndUnknownCredentialsWith401Problems() {
    for (String credential :
        List.of(
            "ubt_nosuchid_abcdefghijklmnopqrstuvwxyz",
            "ubt_" + ApiClient.ADMIN_TOKEN.substring(4, 13) + "_wrong-secret-0123456789",
            "ubc_not-a-cluster-credential",
            "not.a.jwt",
            "")) {
      Response refused = api.withToken(credential).get("/api/v1/clusters");
      assertThat(refused.status()).as(credential).isEqualTo(401);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    }
  }

  @Test
  void noTokenOrCredentialAppearsInTheDatabaseOrTheLogs(CapturedOutput output) {
    Response issued =
        api.post(
            "/api/v1/tokens",
            "{\"name\": \"%s\", \"role\": \"viewer\", \"expiresIn\": \"1h\"}"
                .formatted(unique("secret-check")));
    String token = issued.at("/token");
    String secret = token.substring(token.indexOf('_', 4) + 1);
    String cluster = unique("secret-check");
    Response joined =
        api.withToken(null)
            .post(
                "/api/v1/agent/join",
                "{\"cluster\": \"%s\", \"joinToken\": \"test-join-token\", \"requestId\": \"r\"}"
                    .formatted(cluster));
    String credential = joined.at("/credential");
    assertThat(api.withToken(token).get("/api/v1/clusters").status()).isEqualTo(200);
    assertThat(api.withToken(credential).get("/api/v1/clusters").status()).isEqualTo(403);
    api.withToken(token + "x").get("/api/v1/clusters");

    String everything = dump();

    assertThat(credential).startsWith("ubc_");
    assertThat(everything)
        .doesNotContain(secret)
        .doesNotContain(credential)
        .doesNotContain(ApiClient.ADMIN_TOKEN)
        .doesNotContain("test-join-token");
    assertThat(output.getAll())
        .doesNotContain(secret)
        .doesNotContain(credential)
        .doesNotContain(ApiClient.ADMIN_TOKEN);
  }

  /** Every row of every table of the federation's schema, as text. */
  private String dump() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    StringBuilder all = new StringBuilder();
    for (String table :
        jdbc.sql(
                "select table_name from information_schema.tables"
                    + " where table_schema = current_schema() and table_type = 'BASE TABLE'")
            .query(String.class)
            .list()) {
      jdbc.sql("select t::text from \"" + table + "\" t")
          .query(String.class)
          .list()
          .forEach(row -> all.append(row).append('\n'));
    }
    return all.toString();
  }
}
