package io.ubernetes.sandbox.cluster;

import java.time.Duration;
import java.util.Locale;

/**
 * The kubelet's back-off before it restarts a crashed container or pulls an image again: 10 s,
 * doubled after every restart, at most 5 minutes; scaled with the cluster's start delay, so that a
 * sandbox whose pods start in 2 s (its default) backs off as a kubelet does, and tests whose pods
 * start in 300 ms see restarts every few seconds. Never shorter than {@value #FLOOR_MILLIS} ms, so
 * that a start delay of 0 does not spin.
 *
 * @param first the first back-off: five start delays
 * @param cap the longest: thirty times the first
 */
record BackOff(Duration first, Duration cap) {
  private static final long FLOOR_MILLIS = 250;

  static BackOff scaledTo(Duration startDelay) {
    Duration first = startDelay.multipliedBy(5);
    if (first.toMillis() < FLOOR_MILLIS) {
      first = Duration.ofMillis(FLOOR_MILLIS);
    }
    return new BackOff(first, first.multipliedBy(30));
  }

  /** How long the kubelet waits after the container crashed with {@code restarts} restarts. */
  Duration after(int restarts) {
    Duration wait = first;
    for (int i = 0; i < restarts && wait.compareTo(cap) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(cap) < 0 ? wait : cap;
  }

  /** As Go prints a duration, which the kubelet's messages do: {@code 10s}, {@code 1m20s}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1_000) {
      return millis + "ms";
    }
    long minutes = millis / 60_000;
    long hours = minutes / 60;
    String seconds = seconds(millis % 60_000);
    if (hours > 0) {
      return hours + "h" + minutes % 60 + "m" + seconds;
    }
    return minutes > 0 ? minutes + "m" + seconds : seconds;
  }

  private static String seconds(long millis) {
    String fraction =
        millis % 1_000 == 0 ? "" : String.format(Locale.ROOT, ".%03d", millis % 1_000);
    while (fraction.endsWith("0")) {
      fraction = fraction.substring(0, fraction.length() - 1);
    }
    return millis / 1_000 + fraction + "s";
  }
}
