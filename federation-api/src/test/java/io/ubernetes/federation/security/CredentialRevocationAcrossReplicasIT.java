package io.ubernetes.federation.security;

import static io.ubernetes.federation.testing.ServiceReplicas.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ServiceReplicas;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of the service on one database: a token or an agent's credential each of them has
 * already accepted (and keeps in memory) stops working on both once one of them revokes it.
 */
class CredentialRevocationAcrossReplicasIT {
  @RegisterExtension final ServiceReplicas replicas = new ServiceReplicas();

  @Test
  void aTokenRevokedOnOneReplicaIsRefusedByTheOther() {
    try (ConfigurableApplicationContext first = replicas.start();
        ConfigurableApplicationContext second = replicas.start()) {
      ApiClient admin = api(first);
      Response issued =
          admin.post(
              "/api/v1/tokens",
              ApiClient.json(
                  Map.of(
                      "name",
                      "reader",
                      "role",
                      "viewer",
                      "namespaces",
                      List.of(),
                      "expiresIn",
                      "1d")));
      assertThat(issued.status()).as(issued.body()).isEqualTo(201);
      ApiClient onFirst = api(first).withToken(issued.at("/token"));
      ApiClient onSecond = api(second).withToken(issued.at("/token"));
      assertThat(onFirst.get("/api/v1/clusters").status()).isEqualTo(200);
      assertThat(onSecond.get("/api/v1/clusters").status()).isEqualTo(200);

      Response revoked = admin.delete("/api/v1/tokens/" + issued.at("/metadata/id"));

      assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
      assertThat(onFirst.get("/api/v1/clusters").status()).isEqualTo(401);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> onSecond.get("/api/v1/clusters").status() == 401);
      assertThat(onSecond.get("/api/v1/clusters").at("/detail")).contains("revoked");
    }
  }

  @Test
  void aDeletedClustersCredentialIsRefusedByBothReplicas() {
    try (ConfigurableApplicationContext first = replicas.start();
        ConfigurableApplicationContext second = replicas.start()) {
      Response joined =
          api(first)
              .post(
                  "/api/v1/agent/join",
                  "{\"cluster\": \"eu-1\", \"joinToken\": \"test-join-token\","
                      + " \"requestId\": \"r\", \"facts\": {\"region\": \"eu-central\"}}");
      assertThat(joined.status()).as(joined.body()).isEqualTo(200);
      String credential = joined.at("/credential");
      String work = "/api/v1/agent/clusters/eu-1/work?since=0";
      assertThat(api(first).sendAuthorized("GET", work, credential, null).status()).isEqualTo(200);
      assertThat(api(second).sendAuthorized("GET", work, credential, null).status()).isEqualTo(200);

      Response deleted = api(first).delete("/api/v1/clusters/eu-1");

      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      assertThat(api(first).sendAuthorized("GET", work, credential, null).status()).isEqualTo(401);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> api(second).sendAuthorized("GET", work, credential, null).status() == 401);
    }
  }
}
