package io.ubernetes.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT0S, 0s",
    "PT45S, 45s",
    "PT119S, 119s",
    "PT2M, 2m",
    "PT90M, 90m",
    "PT2H, 2h",
    "PT47H, 47h",
    "PT48H, 2d",
    "-PT5S, 0s"
  })
  void printsAgesAsKubectlDoes(Duration age, String printed) {
    assertThat(Ages.of(age)).isEqualTo(printed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      value = {"2026-12-07T10:00:00Z, 5m", "not-a-time, not-a-time", "NULL, NULL"},
      nullValues = "NULL")
  void readsRfc3339Timestamps(String timestamp, String printed) {
    assertThat(Ages.since(timestamp, Instant.parse("2026-12-07T10:05:00Z"))).isEqualTo(printed);
  }
}
