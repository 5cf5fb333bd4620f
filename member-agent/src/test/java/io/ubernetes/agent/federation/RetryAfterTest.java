package io.ubernetes.agent.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse(" 120 ", NOW)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void readsAnHttpDate() {
    assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:00:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void somethingElseIsUnreadable() {
    assertThat(RetryAfter.parse("soon", NOW)).isNegative();
  }
}
