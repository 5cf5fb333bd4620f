package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Without a configured join token (and admin token), the first start makes one, shows it once, and
 * keeps a hash.
 */
@ExtendWith(OutputCaptureExtension.class)
class JoinTokenIT {

  @Test
  void generatesAJoinTokenPrintsItOnceAndStoresOnlyItsHash(
      @TempDir Path data, CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext service =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.scheduler.enabled=false",
                "--ubernetes.agents.data-directory=" + data)) {
      Path file = data.resolve("join-token");
      String token = Files.readString(file).trim();
      String stored =
          JdbcClient.create(service.getBean(DataSource.class))
              .sql("select value from federation_settings where key = 'join_token_hash'")
              .query(String.class)
              .single();
      String adminToken = Files.readString(data.resolve("admin-token")).trim();
      ApiClient api =
          new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort())
              .withToken(null);
      int joined =
          api.post(
                  "/api/v1/agent/join",
                  "{\"cluster\": \"first\", \"joinToken\": \"%s\", \"requestId\": \"r1\"}"
                      .formatted(token))
              .status();

      assertThat(token).startsWith("ubj_");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(output.getOut()).containsOnlyOnce("join token: " + token);
      assertThat(stored).isNotEqualTo(token).doesNotContain(token).hasSize(64);
      assertThat(joined).isEqualTo(200);
      // No identity provider and no configured admin token: the first start makes one too.
      assertThat(adminToken).startsWith("ubt_");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(data.resolve("admin-token"))))
          .isEqualTo("rw-------");
      assertThat(output.getOut()).containsOnlyOnce("admin token: " + adminToken);
      assertThat(api.get("/api/v1/clusters").status()).isEqualTo(401);
      assertThat(api.withToken(adminToken).get("/api/v1/clusters/first").status()).isEqualTo(200);
    }
  }
}
