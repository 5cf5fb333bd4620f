package io.ubernetes.federation.security;

import static io.ubernetes.federation.testing.TestJwts.roles;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.federation.testing.TestJwts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An identity provider's JWTs (here signed with the test key the service is configured to trust):
 * the role and the namespaces come from the configured claims.
 */
class JwtIT extends ApiIntegrationTest {

  @Test
  void aViewerJwtReadsButDoesNotWrite() {
    ApiClient viewer = api.withToken(TestJwts.signed("alice", roles("viewer", List.of())));

    assertThat(viewer.get("/api/v1/clusters").status()).isEqualTo(200);
    Response write = viewer.post("/api/v1/namespaces/jwt/workloads", Manifests.workload("x"));
    assertThat(write.status()).isEqualTo(403);
    assertThat(write.contentType()).startsWith("application/problem+json");
  }

  @Test
  void anOperatorJwtWritesOnlyInItsNamespaces() {
    String namespace = unique("jwt-team");
    ApiClient operator =
        api.withToken(TestJwts.signed("bob", roles("operator", List.of(namespace))));
    String name = unique("web");

    Response created =
        operator.post("/api/v1/namespaces/" + namespace + "/workloads", Manifests.workload(name));
    Response elsewhere =
        operator.post("/api/v1/namespaces/other/workloads", Manifests.workload(name));
    Response all = operator.get("/api/v1/workloads");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(
            all.json().path("items").valueStream().map(w -> w.at("/metadata/namespace").asString()))
        .containsOnly(namespace);
    Response audited =
        api.get("/api/v1/audit?subject=bob&resource=FederatedWorkload&namespace=" + namespace);
    assertThat(audited.json().path("items").valueStream())
        .singleElement()
        .satisfies(e -> assertThat(e.path("tokenId").asString()).isNotBlank());
  }

  @Test
  void refusesExpiredForgedAndRolelessJwts() {
    Map<String, Object> admin = roles("admin", List.of());
    Response expired = api.withToken(TestJwts.expired("carol", admin)).get("/api/v1/clusters");
    Response forged = api.withToken(TestJwts.forged("carol", admin)).get("/api/v1/clusters");
    Response roleless = api.withToken(TestJwts.signed("carol", Map.of())).get("/api/v1/clusters");
    Response unknownRole =
        api.withToken(TestJwts.signed("carol", Map.of("roles", "superuser")))
            .get("/api/v1/clusters");

    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.at("/detail")).containsIgnoringCase("expired");
    assertThat(expired.header("WWW-Authenticate")).contains("invalid_token");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(roleless.status()).isEqualTo(403);
    assertThat(roleless.at("/detail")).contains("no role");
    assertThat(unknownRole.status()).isEqualTo(403);
  }

  @Test
  void readsRolesGivenAsASpaceSeparatedString() {
    ApiClient admin = api.withToken(TestJwts.signed("dave", Map.of("roles", "viewer admin")));

    assertThat(admin.get("/api/v1/tokens").status()).isEqualTo(200);
  }
}
