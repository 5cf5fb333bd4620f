package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0s,     PT0S",
    "90s,    PT1M30S",
    "5m,     PT5M",
    "1h30m,  PT1H30M",
    "2h,     PT2H",
    "250ms,  PT0.25S",
    "1m30s,  PT1M30S",
    "1h2m3s4ms, PT1H2M3.004S",
    "0ms,    PT0S"
  })
  void parsesTheKubernetesSpellings(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "5", "-5s", "1.5h", "5 m", "5M", "30m1h", "1d", "5us", "1h1h", "m", "5sec", "PT5M"
      })
  void refusesAnythingElseWithAMessageForTheField(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a duration such as \"90s\"");
  }
}
