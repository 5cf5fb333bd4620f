package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthFailureThrottleTest {
  private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

  private final AuthFailureThrottle throttle =
      new AuthFailureThrottle(
          new SecurityProperties(null, false, false, null, 3, Duration.ofMinutes(1), null),
          Clock.fixed(START, ZoneOffset.UTC));

  @Test
  void slowsAnAddressDownPastTheLimitUntilItsOldestFailureLeavesTheWindow() {
    assertThat(throttle.failed("10.0.0.1", "a", START)).isNull();
    assertThat(throttle.failed("10.0.0.1", "b", START.plusSeconds(10))).isNull();
    assertThat(throttle.failed("10.0.0.1", "c", START.plusSeconds(20))).isNull();

    AuthFailureThrottle.Slowdown fourth = throttle.failed("10.0.0.1", "d", START.plusSeconds(21));

    assertThat(fourth.retryAfter()).isEqualTo(Duration.ofSeconds(49));
    assertThat(fourth.reason()).contains("address");
    assertThat(throttle.failed("10.0.0.2", "e", START.plusSeconds(21))).isNull();
    assertThat(throttle.failed("10.0.0.1", "f", START.plusSeconds(200))).isNull();
  }

  @Test
  void slowsACredentialDownWhateverAddressesItComesFrom() {
    throttle.failed("10.0.0.1", "ubt_admin", START);
    throttle.failed("10.0.0.2", "ubt_admin", START);
    throttle.failed("10.0.0.3", "ubt_admin", START);

    AuthFailureThrottle.Slowdown fourth = throttle.failed("10.0.0.4", "ubt_admin", START);

    assertThat(fourth.reason()).contains("credential");
    assertThat(fourth.retryAfter()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void forgetsFailuresOlderThanTheWindow() {
    throttle.failed("10.0.0.1", "a", START);
    throttle.failed("10.0.0.1", "b", START.plusSeconds(1));
    throttle.failed("10.0.0.1", "c", START.plusSeconds(90));

    assertThat(throttle.failed("10.0.0.1", "d", START.plusSeconds(91))).isNull();
  }

  @Test
  void keepsABoundedNumberOfAddressesAndCredentialsHoweverManyGarbageTokensArrive() {
    for (int i = 0; i < 50_000; i++) {
      throttle.failed("10.1." + (i / 256 % 256) + "." + (i % 256), "garbage-" + i, START);
    }
    for (int i = 0; i < 3; i++) {
      throttle.failed("192.0.2.1", "garbage-again-" + i, START);
    }

    assertThat(throttle.keys()).isLessThanOrEqualTo(20_000);
    assertThat(throttle.failed("192.0.2.1", "garbage-again-4", START))
        .as("the address failing most recently is remembered")
        .isNotNull();
  }
}
