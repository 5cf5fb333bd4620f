package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.Percentiles;
import io.ubernetes.benchmark.fleet.FleetClient;
import io.ubernetes.benchmark.fleet.WorkloadMix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A new Duplicated placement reaching many clusters: one Duplicated workload at a time, one replica
 * on each of {@code clusters} clusters ({@code maxClusters}, no selector), timed from its create
 * sent until every one of those members' long polls has its item; then deleted, and gone from every
 * member, before the next.
 */
final class DuplicatedRun {
  private static final String NAMESPACE = "duplicated";
  private static final Duration EACH = Duration.ofSeconds(60);

  private DuplicatedRun() {}

  /**
   * @param reached the samples that reached every cluster
   * @param late the samples that did not within a minute
   */
  record Figures(int clusters, Percentiles reached, int late) {}

  static Figures run(FleetClient client, LightFleet fleet, int clusters, int samples)
      throws InterruptedException {
    List<Long> reached = new ArrayList<>();
    int late = 0;
    String placement = "{\"mode\": \"Duplicated\", \"maxClusters\": " + clusters + "}";
    for (int sample = 0; sample < samples; sample++) {
      String name = String.format(Locale.ROOT, "dup-%d-%02d", clusters, sample);
      String key = NAMESPACE + "/" + name;
      String path = "/api/v1/namespaces/" + NAMESPACE + "/workloads";
      long sent = System.nanoTime();
      int status = client.send("POST", path, WorkloadMix.body(name, 1, placement));
      if (status != 201) {
        throw new IllegalStateException("creating " + key + " answered " + status);
      }
      long deadline = sent + EACH.toNanos();
      while (fleet.seen(key).size() < clusters && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (fleet.seen(key).size() >= clusters) {
        reached.add(
            fleet.seen(key).values().stream().mapToLong(Long::longValue).max().orElseThrow()
                - sent);
      } else {
        late++;
      }
      client.send("DELETE", path + "/" + name, null);
      while (fleet.holding(key) > 0 && System.nanoTime() < deadline + EACH.toNanos()) {
        Thread.sleep(200);
      }
    }
    Figures figures = new Figures(clusters, Percentiles.ofNanos(reached), late);
    System.out.printf(
        Locale.ROOT,
        "  Duplicated to %d clusters: p50 %.0f ms, p90 %.0f ms, max %.0f ms (%d samples, %d late)%n",
        clusters,
        figures.reached().p50(),
        figures.reached().p90(),
        figures.reached().max(),
        reached.size(),
        late);
    return figures;
  }
}
