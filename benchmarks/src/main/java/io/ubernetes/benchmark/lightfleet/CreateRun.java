package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.FederationProcess;
import io.ubernetes.benchmark.Histogram;
import io.ubernetes.benchmark.Percentiles;
import io.ubernetes.benchmark.ProcessStats;
import io.ubernetes.benchmark.fleet.FleetClient;
import io.ubernetes.benchmark.fleet.ServiceMetrics;
import io.ubernetes.benchmark.fleet.WorkloadMix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The measured load: the fleet benchmark's workload mix created open loop at {@code rate} a second
 * (each create on a thread of its own, so a slow answer delays no other create), followed until
 * every workload is Ready in the federation's status, with the federation's and its PostgreSQL's
 * CPU from the first create to the last Ready.
 */
final class CreateRun {
  static final String PREFIX = "bench";
  private static final String WARMUP = "warmup";
  private static final String FIRST_PLACEMENT = "ubernetes_scheduler_first_placement_seconds";

  private CreateRun() {}

  /**
   * What the run measured.
   *
   * @param achievedRate creates issued a second
   * @param create each create's answer time
   * @param published create sent to the workload's item seen by a member's long poll, for each
   *     member it was placed on
   * @param ready create sent to the workload Ready in the federation's watch
   * @param placedSeconds from the first create until every workload's work was seen by a member
   * @param windowSeconds from the first create until every workload was Ready (or the patience ran
   *     out)
   * @param fleetCpu this process's CPU meanwhile: the light fleet, the creates and the watch
   */
  record Figures(
      int workloads,
      int failed,
      double achievedRate,
      Percentiles create,
      Percentiles published,
      Percentiles ready,
      int readyCount,
      double placedSeconds,
      double windowSeconds,
      double federationCpu,
      double postgresCpu,
      double fleetCpu,
      long rssKiB,
      long peakRssKiB,
      Histogram firstPlacement,
      double placements,
      double passes,
      double passSeconds,
      List<String> requests) {}

  static Figures run(
      FleetClient client,
      LightFleet fleet,
      ReadyWatch watch,
      long federationPid,
      long postmaster,
      int workloads,
      int rate,
      Duration patience)
      throws Exception {
    long self = ProcessHandle.current().pid();
    String scrapeBefore = client.scrape();
    Map<String, Double> before = ServiceMetrics.metrics(scrapeBefore);
    double federationBefore = ProcessStats.cpuSeconds(federationPid);
    double postgresBefore = FederationProcess.postgresCpu(postmaster);
    double fleetBefore = ProcessStats.cpuSeconds(self);

    long start = System.nanoTime();
    Creates creates = create(client, PREFIX, workloads, rate, start);
    Map<String, Long> sent = creates.sent();
    double achievedRate = creates.achievedRate();
    System.out.printf(
        Locale.ROOT,
        "  %d workloads created at %.0f/s; answers other than 201: %s%n",
        workloads,
        achievedRate,
        creates.failures());

    long deadline = start + patience.toNanos();
    long lastPrint = System.nanoTime();
    while (System.nanoTime() < deadline && readyCount(watch, sent) < sent.size()) {
      Thread.sleep(200);
      if (System.nanoTime() - lastPrint > 5_000_000_000L) {
        lastPrint = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "  %.0f s: %d of %d workloads Ready%n",
            (lastPrint - start) / 1e9,
            readyCount(watch, sent),
            sent.size());
      }
    }
    long end = System.nanoTime();
    double federationCpu = ProcessStats.cpuSeconds(federationPid) - federationBefore;
    double postgresCpu = FederationProcess.postgresCpu(postmaster) - postgresBefore;
    double fleetCpu = ProcessStats.cpuSeconds(self) - fleetBefore;
    long rss = ProcessStats.rssKiB(federationPid);
    long peak = ProcessStats.peakRssKiB(federationPid);
    String scrapeAfter = client.scrape();
    Map<String, Double> after = ServiceMetrics.metrics(scrapeAfter);

    List<Long> published = new ArrayList<>();
    List<Long> ready = new ArrayList<>();
    long lastReady = start;
    long lastPlaced = start;
    for (Map.Entry<String, Long> create : sent.entrySet()) {
      long first = Long.MAX_VALUE;
      for (long seen : fleet.seen(create.getKey()).values()) {
        published.add(seen - create.getValue());
        first = Math.min(first, seen);
      }
      lastPlaced = Math.max(lastPlaced, first);
      Long readyAt = watch.ready().get(create.getKey());
      if (readyAt != null) {
        ready.add(readyAt - create.getValue());
        lastReady = Math.max(lastReady, readyAt);
      }
    }
    boolean allReady = ready.size() == sent.size();
    return new Figures(
        workloads,
        workloads - sent.size(),
        achievedRate,
        Percentiles.ofNanos(creates.answers()),
        Percentiles.ofNanos(published),
        Percentiles.ofNanos(ready),
        ready.size(),
        lastPlaced == Long.MAX_VALUE ? Double.NaN : (lastPlaced - start) / 1e9,
        ((allReady ? lastReady : end) - start) / 1e9,
        federationCpu,
        postgresCpu,
        fleetCpu,
        rss,
        peak,
        Histogram.parse(scrapeAfter, FIRST_PLACEMENT)
            .since(Histogram.parse(scrapeBefore, FIRST_PLACEMENT)),
        ServiceMetrics.delta(before, after, "ubernetes_scheduler_decisions_changed_total"),
        ServiceMetrics.delta(before, after, "ubernetes_scheduler_pass_seconds_count"),
        ServiceMetrics.delta(before, after, "ubernetes_scheduler_pass_seconds_sum"),
        ServiceMetrics.requests(before, after));
  }

  /**
   * What a round of creates did.
   *
   * @param sent when each workload created (201) was sent, by {@code namespace/name}
   * @param answers each create's answer time
   * @param failures the answers other than 201, by status (-1: no answer)
   */
  record Creates(
      Map<String, Long> sent,
      List<Long> answers,
      Map<Integer, Integer> failures,
      double achievedRate) {}

  /**
   * Creates {@code workloads} of the mix in the namespaces {@code <prefix>-NN}, open loop at {@code
   * rate} a second from {@code start}, each on a virtual thread of its own.
   */
  static Creates create(FleetClient client, String prefix, int workloads, int rate, long start) {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    List<Long> answers = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, Integer> failures = new ConcurrentHashMap<>();
    AtomicLong lastIssued = new AtomicLong(start);
    long period = 1_000_000_000L / rate;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < workloads; i++) {
        long wait = start + i * period - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        String namespace = WorkloadMix.namespace(prefix, i);
        String name = WorkloadMix.name(i);
        String body = WorkloadMix.body(i);
        threads.execute(
            () -> {
              long at = System.nanoTime();
              lastIssued.accumulateAndGet(at, Math::max);
              int status =
                  client.send("POST", "/api/v1/namespaces/" + namespace + "/workloads", body);
              answers.add(System.nanoTime() - at);
              if (status == 201) {
                sent.put(namespace + "/" + name, at);
              } else {
                failures.merge(status, 1, Integer::sum);
              }
            });
      }
    }
    double issuing = (lastIssued.get() - start) / 1e9;
    return new Creates(
        sent, answers, failures, issuing > 0 ? (workloads - 1) / issuing : workloads);
  }

  /**
   * The same mix once before measuring, Ready, then deleted and gone from every member: the JIT
   * compiles the federation's hot paths and its pools fill, as in a service that has been running.
   */
  static void warmUp(
      FleetClient client,
      LightFleet fleet,
      ReadyWatch watch,
      int workloads,
      int rate,
      Duration patience)
      throws Exception {
    long start = System.nanoTime();
    Creates creates = create(client, WARMUP, workloads, rate, start);
    long deadline = start + patience.toNanos();
    while (readyCount(watch, creates.sent()) < creates.sent().size()
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    double ready = (System.nanoTime() - start) / 1e9;
    Semaphore deleting = new Semaphore(16);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String key : creates.sent().keySet()) {
        deleting.acquire();
        String[] parts = key.split("/");
        threads.execute(
            () -> {
              try {
                client.send(
                    "DELETE", "/api/v1/namespaces/" + parts[0] + "/workloads/" + parts[1], null);
              } finally {
                deleting.release();
              }
            });
      }
    }
    while (fleet.held(WARMUP + "-") > 0 && System.nanoTime() < deadline + patience.toNanos()) {
      Thread.sleep(500);
    }
    System.out.printf(
        Locale.ROOT,
        "  warm-up: %d workloads created (answers other than 201: %s), Ready after %.1f s,"
            + " removed from every member after %.1f s%n",
        workloads,
        creates.failures(),
        ready,
        (System.nanoTime() - start) / 1e9);
  }

  private static long readyCount(ReadyWatch watch, Map<String, Long> sent) {
    long count = 0;
    for (String key : sent.keySet()) {
      if (watch.ready().containsKey(key)) {
        count++;
      }
    }
    return count;
  }
}
