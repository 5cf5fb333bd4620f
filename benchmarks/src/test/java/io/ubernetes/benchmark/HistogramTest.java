package io.ubernetes.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramTest {
  private static final String NAME = "ubernetes_scheduler_first_placement_seconds";

  private static String scrape(double[] bounds, long[] counts) {
    StringBuilder text =
        new StringBuilder("# TYPE " + NAME + " histogram\n")
            .append("ubernetes_scheduler_pass_seconds_bucket{le=\"0.1\"} 99\n");
    for (int i = 0; i < bounds.length; i++) {
      String le = Double.isInfinite(bounds[i]) ? "+Inf" : Double.toString(bounds[i]);
      text.append(NAME)
          .append("_bucket{application=\"ubernetes\",le=\"")
          .append(le)
          .append("\"} ")
          .append(counts[i])
          .append('\n');
    }
    return text.append(NAME + "_count{application=\"ubernetes\"} 0\n").toString();
  }

  private static final double[] BOUNDS = {0.1, 0.5, 1.0, Double.POSITIVE_INFINITY};

  @Test
  void readsOnlyItsOwnBuckets() {
    Histogram histogram = Histogram.parse(scrape(BOUNDS, new long[] {1, 3, 4, 4}), NAME);

    assertThat(histogram.buckets()).hasSize(4).containsEntry(0.5, 3.0);
    assertThat(histogram.count()).isEqualTo(4);
  }

  @Test
  void interpolatesWithinTheBucketOfTheQuantileAsPrometheusDoes() {
    // 10 observations up to 0.1 s, 10 more up to 0.5 s, none above.
    Histogram histogram = Histogram.parse(scrape(BOUNDS, new long[] {10, 20, 20, 20}), NAME);

    assertThat(histogram.quantileMillis(0.25)).isCloseTo(50, within(1e-9));
    assertThat(histogram.quantileMillis(0.75)).isCloseTo(300, within(1e-9));
    assertThat(histogram.quantileMillis(1.0)).isCloseTo(500, within(1e-9));
  }

  @Test
  void countsWhatWasObservedBetweenTwoScrapes() {
    Histogram before = Histogram.parse(scrape(BOUNDS, new long[] {100, 100, 100, 100}), NAME);
    Histogram after = Histogram.parse(scrape(BOUNDS, new long[] {100, 110, 120, 120}), NAME);

    Histogram run = after.since(before);

    assertThat(run.count()).isEqualTo(20);
    assertThat(run.quantileMillis(0.5)).isCloseTo(500, within(1e-9));
  }

  @Test
  void aQuantileBeyondTheLastFiniteBoundIsThatBound() {
    Histogram histogram = Histogram.parse(scrape(BOUNDS, new long[] {0, 0, 1, 10}), NAME);

    assertThat(histogram.quantileMillis(0.99)).isEqualTo(1000);
  }

  @Test
  void withoutObservationsThereIsNoQuantile() {
    Histogram empty = Histogram.parse("", NAME);

    assertThat(empty.count()).isZero();
    assertThat(empty.quantileMillis(0.5)).isNaN();
  }
}
