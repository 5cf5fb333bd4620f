package io.ubernetes.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.FederationApplication;
import io.ubernetes.api.ApiClient;
import io.ubernetes.api.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Repeated failed authentication from one address is answered 429 with Retry-After. */
class AuthFailureThrottleIT {

  @Test
  void slowsDownAnAddressThatKeepsPresentingBadTokens() {
    try (ConfigurableApplicationContext service =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.scheduler.enabled=false",
                "--ubernetes.agents.join-token=test-join-token",
                "--" + ApiClient.ADMIN_TOKEN_PROPERTY,
                "--ubernetes.security.auth-failure-limit=3")) {
      ApiClient api =
          new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort());
      ApiClient guesser = api.withToken("ubt_guess_abcdefghijklmnopqrstuvwxyz");
      assertThat(api.withToken(null).get("/api/v1/clusters").status())
          .as("no token is no failed authentication")
          .isEqualTo(401);
      for (int i = 0; i < 3; i++) {
        assertThat(guesser.get("/api/v1/clusters").status()).isEqualTo(401);
      }

      Response slowed = api.get("/api/v1/clusters");

      assertThat(slowed.status()).isEqualTo(429);
      assertThat(slowed.contentType()).startsWith("application/problem+json");
      assertThat(Integer.parseInt(slowed.header("Retry-After"))).isBetween(1, 61);
      assertThat(api.withToken(null).get("/actuator/health/liveness").status())
          .as("probes are never slowed down")
          .isEqualTo(200);
    }
  }
}
