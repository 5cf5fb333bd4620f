package io.ubernetes.benchmark;

import java.util.Locale;

/** What one run measured: throughput, latency percentiles and failed operations. */
record Measurement(
    String name,
    long operations,
    long errors,
    double seconds,
    double p50Ms,
    double p99Ms,
    double p999Ms) {

  double perSecond() {
    return operations / seconds;
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        "%-30s %9s %9s %9s %9s %10s %7s",
        "",
        "ops",
        "ops/s",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "errors");
  }

  String row() {
    return String.format(
        Locale.ROOT,
        "%-30s %9d %9.0f %9.2f %9.2f %10.2f %7d",
        name,
        operations,
        perSecond(),
        p50Ms,
        p99Ms,
        p999Ms,
        errors);
  }
}
