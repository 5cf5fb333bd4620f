package io.ubernetes.federation.workload;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Kubernetes and Go write them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code
 * 250ms}, {@code 0s}. Only the units h, m, s and ms, whole numbers, each unit at most once and
 * largest first, so that one duration has few spellings.
 */
public final class Durations {
  private static final Pattern SYNTAX =
      Pattern.compile(
          "(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m(?!s))?(?:([0-9]{1,9})s)?(?:([0-9]{1,9})ms)?");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message fit for a field error when it is malformed
   */
  public static Duration parse(String text) {
    Matcher matcher = text == null ? null : SYNTAX.matcher(text);
    if (matcher == null || text.isEmpty() || !matcher.matches()) {
      throw new IllegalArgumentException(
          "must be a duration such as \"90s\", \"5m\" or \"1h30m\" (units h, m, s, ms), got \""
              + text
              + "\"");
    }
    return Duration.ofHours(number(matcher.group(1)))
        .plusMinutes(number(matcher.group(2)))
        .plusSeconds(number(matcher.group(3)))
        .plusMillis(number(matcher.group(4)));
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }
}
