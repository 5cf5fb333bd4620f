package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of the service on one database: a token or an agent's credential each of them has
 * already accepted (and keeps in memory) stops working on both once one of them revokes it.
 */
class CredentialRevocationAcrossReplicasIT {
  private EmbeddedPostgres database;

  @BeforeEach
  void startDatabase() throws Exception {
    database = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  @AfterEach
  void stopDatabase() throws Exception {
    database.close();
  }

  @Test
  void aTokenRevokedOnOneReplicaIsRefusedByTheOther() {
    try (ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start()) {
      ApiClient admin = client(first);
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
      ApiClient onFirst = client(first).withToken(issued.at("/token"));
      ApiClient onSecond = client(second).withToken(issued.at("/token"));
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
    try (ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start()) {
      Response joined =
          client(first)
              .post(
                  "/api/v1/agent/join",
                  "{\"cluster\": \"eu-1\", \"joinToken\": \"test-join-token\","
                      + " \"requestId\": \"r\", \"facts\": {\"region\": \"eu-central\"}}");
      assertThat(joined.status()).as(joined.body()).isEqualTo(200);
      String credential = joined.at("/credential");
      String work = "/api/v1/agent/clusters/eu-1/work?since=0";
      assertThat(client(first).sendAuthorized("GET", work, credential, null).status())
          .isEqualTo(200);
      assertThat(client(second).sendAuthorized("GET", work, credential, null).status())
          .isEqualTo(200);

      Response deleted = client(first).delete("/api/v1/clusters/eu-1");

      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      assertThat(client(first).sendAuthorized("GET", work, credential, null).status())
          .isEqualTo(401);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> client(second).sendAuthorized("GET", work, credential, null).status() == 401);
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(FederationApplication.class)
        .run(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:"
                + database.getPort()
                + "/postgres",
            "--spring.datasource.username=postgres",
            "--ubernetes.scheduler.enabled=false",
            "--ubernetes.agents.join-token=test-join-token",
            "--" + ApiClient.ADMIN_TOKEN_PROPERTY);
  }

  private static ApiClient client(ConfigurableApplicationContext service) {
    return new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort());
  }
}
