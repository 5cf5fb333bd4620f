package io.ubernetes.benchmark.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Figures from the federation's Prometheus scrapes, before and after a run. */
public final class ServiceMetrics {
  private ServiceMetrics() {}

  /**
   * The scheduler's counters and the request counts and times per endpoint ({@code requests POST
   * /path} and {@code seconds POST /path}) from a scrape.
   */
  public static Map<String, Double> metrics(String exposition) {
    Map<String, Double> values = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("ubernetes_scheduler_") && !line.contains("_bucket{")) {
        String[] parts = line.split(" ");
        String name =
            parts[0].contains("{") ? parts[0].substring(0, parts[0].indexOf('{')) : parts[0];
        values.merge(name, Double.parseDouble(parts[parts.length - 1]), Double::sum);
      } else if (line.startsWith("http_server_requests_seconds_count{")
          || line.startsWith("http_server_requests_seconds_sum{")) {
        String endpoint = label(line, "method") + " " + label(line, "uri");
        String kind =
            line.startsWith("http_server_requests_seconds_count") ? "requests " : "seconds ";
        String[] parts = line.split(" ");
        values.merge(kind + endpoint, Double.parseDouble(parts[parts.length - 1]), Double::sum);
      }
    }
    return values;
  }

  static String label(String line, String name) {
    int start = line.indexOf(name + "=\"") + name.length() + 2;
    return line.substring(start, line.indexOf('"', start));
  }

  /** Requests during the run by endpoint, busiest first: count, total and mean seconds. */
  public static List<String> requests(Map<String, Double> before, Map<String, Double> after) {
    List<Map.Entry<String, Double>> counts = new ArrayList<>();
    after.forEach(
        (key, value) -> {
          if (key.startsWith("requests ")) {
            double count = value - before.getOrDefault(key, 0.0);
            if (count > 0) {
              counts.add(Map.entry(key.substring("requests ".length()), count));
            }
          }
        });
    counts.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    List<String> rows = new ArrayList<>();
    for (Map.Entry<String, Double> entry : counts) {
      double seconds = delta(before, after, "seconds " + entry.getKey());
      rows.add(
          String.format(
              Locale.ROOT,
              "  %-58s %8.0f %9.1f s %8.1f ms",
              entry.getKey(),
              entry.getValue(),
              seconds,
              1000 * seconds / entry.getValue()));
    }
    return rows;
  }

  /** Prints the rows of {@link #requests} under their heading. */
  public static void print(List<String> requests) {
    System.out.printf(
        Locale.ROOT,
        "%nRequests the federation served meanwhile:%n  %-58s %8s %11s %11s%n",
        "endpoint",
        "count",
        "total",
        "mean");
    requests.forEach(System.out::println);
  }

  public static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
  }
}
