package io.ubernetes.federation.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service on a random loopback port over a real, ephemeral PostgreSQL with the production
 * migrations, its scheduling loop off. Every integration test class extends this one, so they share
 * one application context; tests keep apart by using unique names. After each class, every change
 * it attempted must have left exactly one audit row ({@link AuditCompleteness}).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "ubernetes.database.embedded.ephemeral=true",
      "server.address=127.0.0.1",
      // These tests own every write; scheduling tests run the scheduler themselves.
      "ubernetes.scheduler.enabled=false",
      "ubernetes.agents.join-token=test-join-token",
      ApiClient.ADMIN_TOKEN_PROPERTY,
      // Tests present invalid tokens on purpose, all from 127.0.0.1; AuthFailureThrottleIT
      // checks the throttle with its own service.
      "ubernetes.security.auth-failure-limit=1000000",
      // An identity provider's JWTs, signed with the test key (see TestJwts).
      "spring.security.oauth2.resourceserver.jwt.public-key-location=classpath:jwt/public.pem"
    })
@ExtendWith(AuditCompleteness.class)
public abstract class ApiIntegrationTest {
  private static final AtomicInteger NAMES = new AtomicInteger();

  @LocalServerPort private int port;

  protected ApiClient api;

  protected int port() {
    return port;
  }

  @BeforeEach
  protected void connect() {
    api = new ApiClient(port);
  }

  /** A name no other test uses. */
  protected static String unique(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }
}
