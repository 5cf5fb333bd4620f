package io.ubernetes.benchmark;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A Prometheus histogram's cumulative bucket counts by upper bound in seconds, as scraped, or the
 * difference of two scrapes: what was observed between them.
 */
public record Histogram(NavigableMap<Double, Double> buckets) {
  public Histogram {
    buckets = new TreeMap<>(buckets);
  }

  /**
   * The buckets of one histogram, summed over its label sets, from the Prometheus text format.
   *
   * @param name the metric's name without {@code _bucket}, e.g. {@code
   *     ubernetes_scheduler_first_placement_seconds}
   */
  public static Histogram parse(String exposition, String name) {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    String prefix = name + "_bucket{";
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      int start = line.indexOf("le=\"") + 4;
      String bound = line.substring(start, line.indexOf('"', start));
      double le = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      buckets.merge(le, count, Double::sum);
    }
    return new Histogram(buckets);
  }

  /** What was observed after {@code earlier} was scraped. */
  public Histogram since(Histogram earlier) {
    NavigableMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      delta.put(
          bucket.getKey(), bucket.getValue() - earlier.buckets.getOrDefault(bucket.getKey(), 0.0));
    }
    return new Histogram(delta);
  }

  public long count() {
    return buckets.isEmpty() ? 0 : Math.round(buckets.lastEntry().getValue());
  }

  /**
   * The quantile in milliseconds, interpolated linearly within its bucket as Prometheus's {@code
   * histogram_quantile} does; NaN without observations. In the last bucket, the upper bound of the
   * last finite one.
   */
  public double quantileMillis(double quantile) {
    long count = count();
    if (count == 0) {
      return Double.NaN;
    }
    double rank = quantile * count;
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      double upper = bucket.getKey();
      double cumulative = bucket.getValue();
      if (cumulative >= rank) {
        if (Double.isInfinite(upper)) {
          return lower * 1000;
        }
        double within = cumulative == below ? 0 : (rank - below) / (cumulative - below);
        return (lower + (upper - lower) * within) * 1000;
      }
      lower = upper;
      below = cumulative;
    }
    return lower * 1000;
  }
}
