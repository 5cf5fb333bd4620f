package io.ubernetes.agent.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
final class RetryAfter {
  private static final Duration UNREADABLE = Duration.ofSeconds(-1);

  private RetryAfter() {}

  static Duration parse(String value) {
    return parse(value, Clock.systemUTC());
  }

  /** The delay the header asks for; negative when the header cannot be read. */
  static Duration parse(String value, Clock clock) {
    String trimmed = value.strip();
    try {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration delay = Duration.between(clock.instant(), at.toInstant());
        return delay.isNegative() ? Duration.ZERO : delay;
      } catch (DateTimeParseException unreadable) {
        return UNREADABLE;
      }
    }
  }
}
