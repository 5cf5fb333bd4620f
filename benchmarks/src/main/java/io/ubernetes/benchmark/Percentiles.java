package io.ubernetes.benchmark;

import java.util.Arrays;
import java.util.List;

/** Latency percentiles in milliseconds, nearest-rank. */
public record Percentiles(int count, double p50, double p90, double p99, double max) {

  public static Percentiles ofNanos(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new Percentiles(
        sorted.length,
        millis(rank(sorted, 0.50)),
        millis(rank(sorted, 0.90)),
        millis(rank(sorted, 0.99)),
        millis(sorted[sorted.length - 1]));
  }

  private static long rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
