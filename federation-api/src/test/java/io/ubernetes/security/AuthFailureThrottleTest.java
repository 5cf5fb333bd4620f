package io.ubernetes.security;

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
          Clock.fixed(START, ZoneOffset.UTC),
          null);

  @Test
  void blocksAnAddressAtTheLimitUntilItsOldestFailureLeavesTheWindow() {
    throttle.failed("10.0.0.1", START);
    throttle.failed("10.0.0.1", START.plusSeconds(10));
    assertThat(throttle.blockedFor("10.0.0.1", START.plusSeconds(11))).isNull();

    throttle.failed("10.0.0.1", START.plusSeconds(20));

    assertThat(throttle.blockedFor("10.0.0.1", START.plusSeconds(21)))
        .isEqualTo(Duration.ofSeconds(39));
    assertThat(throttle.blockedFor("10.0.0.2", START.plusSeconds(21))).isNull();
    assertThat(throttle.blockedFor("10.0.0.1", START.plusSeconds(60))).isNull();
  }

  @Test
  void forgetsFailuresOlderThanTheWindow() {
    throttle.failed("10.0.0.1", START);
    throttle.failed("10.0.0.1", START.plusSeconds(1));
    throttle.failed("10.0.0.1", START.plusSeconds(90));

    assertThat(throttle.blockedFor("10.0.0.1", START.plusSeconds(91))).isNull();
  }

  @Test
  void keepsABoundedNumberOfAddresses() {
    for (int i = 0; i < 20_000; i++) {
      throttle.failed("10.1." + (i / 256) + "." + (i % 256), START);
    }
    for (int i = 0; i < 3; i++) {
      throttle.failed("192.0.2.1", START);
    }

    assertThat(throttle.addresses()).isLessThanOrEqualTo(10_000);
    assertThat(throttle.blockedFor("192.0.2.1", START)).isNotNull();
    assertThat(throttle.blockedFor("10.1.0.0", START)).as("forgotten first").isNull();
  }
}
