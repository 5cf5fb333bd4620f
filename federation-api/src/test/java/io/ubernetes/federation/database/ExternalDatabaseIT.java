package io.ubernetes.federation.database;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.testing.ApiClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** With {@code spring.datasource.url} the service uses that database and starts none of its own. */
class ExternalDatabaseIT {

  @Test
  void usesTheConfiguredDatabaseAndStartsNoEmbeddedOne() throws Exception {
    try (EmbeddedPostgres external =
        EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
      String url = "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/postgres";
      try (ConfigurableApplicationContext service =
          new SpringApplicationBuilder(FederationApplication.class)
              .run(
                  "--server.port=0",
                  "--server.address=127.0.0.1",
                  "--spring.datasource.url=" + url,
                  "--spring.datasource.username=postgres",
                  "--ubernetes.agents.join-token=test-join-token",
                  "--" + ApiClient.ADMIN_TOKEN_PROPERTY)) {
        assertThat(service.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
        ApiClient api =
            new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort());
        assertThat(api.post("/api/v1/clusters", cluster("external", "eu-west", "cloud")).status())
            .isEqualTo(201);
      }

      try (Connection connection = external.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "select spec ->> 'region' from resources where kind = 'MemberCluster'"
                      + " and name = 'external'")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo("eu-west");
      }
    }
  }
}
