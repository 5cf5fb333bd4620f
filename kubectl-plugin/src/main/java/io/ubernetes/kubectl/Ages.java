package io.ubernetes.kubectl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages as kubectl prints them: {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}. */
final class Ages {
  private Ages() {}

  /** The age of {@code timestamp} (RFC 3339) at {@code now}, or null when it is absent. */
  static String since(String timestamp, Instant now) {
    if (timestamp == null) {
      return null;
    }
    Instant then;
    try {
      then = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return timestamp;
    }
    return of(Duration.between(then, now));
  }

  static String of(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 2 * 86400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }
}
