package io.ubernetes.benchmark.fleet;

import io.ubernetes.benchmark.FederationProcess;
import io.ubernetes.benchmark.Histogram;
import io.ubernetes.benchmark.Percentiles;
import io.ubernetes.benchmark.ProcessStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The measured part of the fleet benchmark, against a running federation and sandbox whose clusters
 * are Ready: runs the warm-up round, creates the measured workloads and follows them to Ready in
 * the federation's status and in the member clusters' watches.
 */
final class FleetRun {
  private static final String WARMUP = "warmup";
  private static final String MEASURED = "bench";
  private static final String FIRST_PLACEMENT = "ubernetes_scheduler_first_placement_seconds";

  private final FleetClient client;

  FleetRun(FleetClient client) {
    this.client = client;
  }

  FleetReport run(
      long pid,
      long postmaster,
      long sandboxPid,
      MemberWatches watches,
      int warmup,
      int workloads,
      int concurrency,
      Duration patience)
      throws Exception {
    if (warmup > 0) {
      warmUp(watches, warmup, concurrency, patience);
    }
    // Idle: the federation with every agent heartbeating and long-polling, nothing to do.
    double idleCpu = ProcessStats.cpuSeconds(pid);
    Thread.sleep(10_000);
    double idleCores = (ProcessStats.cpuSeconds(pid) - idleCpu) / 10;
    long idleRss = ProcessStats.rssKiB(pid);
    String scrapeBefore = client.scrape();
    Map<String, Double> metricsBefore = ServiceMetrics.metrics(scrapeBefore);
    double cpuBefore = ProcessStats.cpuSeconds(pid);
    double postgresBefore = FederationProcess.postgresCpu(postmaster);
    double sandboxBefore = ProcessStats.cpuSeconds(sandboxPid);
    double driverBefore = ProcessStats.cpuSeconds(ProcessHandle.current().pid());

    Map<String, Long> sent = new ConcurrentHashMap<>();
    AtomicInteger errors = new AtomicInteger();
    long start = System.nanoTime();
    createAll(MEASURED, workloads, concurrency, sent, errors);
    double createSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "  %d workloads created in %.2f s%n", workloads, createSeconds);

    long federationApplied = -1;
    long federationReady = -1;
    long deadline = start + patience.toNanos();
    List<JsonNode> items = List.of();
    while (System.nanoTime() < deadline) {
      items = client.workloads(MEASURED);
      long now = System.nanoTime();
      long applied = items.stream().filter(w -> FleetClient.condition(w, "Applied")).count();
      long ready = items.stream().filter(w -> FleetClient.condition(w, "Ready")).count();
      if (federationApplied < 0 && applied == workloads) {
        federationApplied = now;
      }
      if (ready == workloads) {
        federationReady = now;
        break;
      }
      System.out.printf(
          Locale.ROOT,
          "  %.1f s: %d Applied, %d Ready, %d Deployments seen in the clusters%n",
          (now - start) / 1e9,
          applied,
          ready,
          watches.deployments(MEASURED));
      Thread.sleep(1_000);
    }
    double window = ((federationReady > 0 ? federationReady : System.nanoTime()) - start) / 1e9;
    double cpu = ProcessStats.cpuSeconds(pid) - cpuBefore;
    double postgres = FederationProcess.postgresCpu(postmaster) - postgresBefore;
    double sandboxCpu = ProcessStats.cpuSeconds(sandboxPid) - sandboxBefore;
    double driverCpu = ProcessStats.cpuSeconds(ProcessHandle.current().pid()) - driverBefore;
    String scrapeAfter = client.scrape();
    Map<String, Double> metricsAfter = ServiceMetrics.metrics(scrapeAfter);

    List<Long> delivery = new ArrayList<>();
    long lastApplied = start;
    long lastReady = start;
    int missing = 0;
    int wrong = 0;
    Map<String, Integer> expected = new HashMap<>();
    for (JsonNode workload : items) {
      String namespace = workload.at("/metadata/namespace").asString();
      String name = workload.at("/metadata/name").asString();
      for (JsonNode share : workload.at("/status/clusters")) {
        int replicas = share.path("replicas").asInt();
        if (replicas == 0) {
          continue;
        }
        String cluster = share.path("name").asString();
        expected.put(cluster + "/" + namespace + "/" + name, replicas);
        Long appeared = watches.appeared(cluster, namespace, name);
        Long ready = watches.ready(cluster, namespace, name);
        if (appeared == null) {
          missing++;
          continue;
        }
        if (watches.replicas(cluster, namespace, name) != replicas) {
          wrong++;
        }
        delivery.add(appeared - sent.get(namespace + "/" + name));
        lastApplied = Math.max(lastApplied, appeared);
        lastReady = ready == null ? Long.MAX_VALUE : Math.max(lastReady, ready);
      }
    }
    int unexpected = 0;
    for (String seen : watches.seen(MEASURED)) {
      if (!expected.containsKey(seen)) {
        unexpected++;
      }
    }
    return new FleetReport(
        idleCores,
        idleRss,
        createSeconds,
        errors.get(),
        (lastApplied - start) / 1e9,
        lastReady == Long.MAX_VALUE ? Double.NaN : (lastReady - start) / 1e9,
        federationApplied < 0 ? Double.NaN : (federationApplied - start) / 1e9,
        federationReady < 0 ? Double.NaN : (federationReady - start) / 1e9,
        Percentiles.ofNanos(delivery),
        delivery.size(),
        Histogram.parse(scrapeAfter, FIRST_PLACEMENT)
            .since(Histogram.parse(scrapeBefore, FIRST_PLACEMENT)),
        missing + (items.size() < workloads ? workloads - items.size() : 0),
        wrong,
        unexpected,
        ServiceMetrics.delta(
            metricsBefore, metricsAfter, "ubernetes_scheduler_decisions_changed_total"),
        ServiceMetrics.delta(metricsBefore, metricsAfter, "ubernetes_scheduler_pass_seconds_sum"),
        ServiceMetrics.delta(metricsBefore, metricsAfter, "ubernetes_scheduler_pass_seconds_count"),
        window,
        cpu,
        postgres,
        sandboxCpu,
        driverCpu,
        ProcessStats.rssKiB(pid),
        ProcessStats.peakRssKiB(pid),
        ServiceMetrics.requests(metricsBefore, metricsAfter));
  }

  /** Creates the workloads of the mix in the namespaces {@code <prefix>-NN}. */
  private void createAll(
      String prefix, int workloads, int concurrency, Map<String, Long> sent, AtomicInteger errors)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < workloads; i++) {
        inFlight.acquire();
        String namespace = WorkloadMix.namespace(prefix, i);
        String name = WorkloadMix.name(i);
        String body = WorkloadMix.body(i);
        pool.execute(
            () -> {
              try {
                sent.put(namespace + "/" + name, System.nanoTime());
                if (client.send("POST", "/api/v1/namespaces/" + namespace + "/workloads", body)
                    != 201) {
                  errors.incrementAndGet();
                }
              } finally {
                inFlight.release();
              }
            });
      }
    }
  }

  /**
   * The same round once before measuring, then deleted again: the JIT compiles the federation's,
   * the agents' and the simulated clusters' hot paths, as in a service that has been running.
   */
  private void warmUp(MemberWatches watches, int workloads, int concurrency, Duration patience)
      throws Exception {
    long start = System.nanoTime();
    AtomicInteger errors = new AtomicInteger();
    createAll(WARMUP, workloads, concurrency, new ConcurrentHashMap<>(), errors);
    long deadline = start + patience.toNanos();
    List<JsonNode> items = client.workloads(WARMUP);
    while (items.stream().filter(w -> FleetClient.condition(w, "Ready")).count() < workloads) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the warm-up round did not become Ready within " + patience);
      }
      Thread.sleep(1_000);
      items = client.workloads(WARMUP);
    }
    double ready = (System.nanoTime() - start) / 1e9;
    Semaphore inFlight = new Semaphore(concurrency);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (JsonNode workload : items) {
        inFlight.acquire();
        String path =
            "/api/v1/namespaces/"
                + workload.at("/metadata/namespace").asString()
                + "/workloads/"
                + workload.at("/metadata/name").asString();
        pool.execute(
            () -> {
              try {
                client.send("DELETE", path, null);
              } finally {
                inFlight.release();
              }
            });
      }
    }
    while (watches.present(WARMUP) > 0 || !client.workloads(WARMUP).isEmpty()) {
      if (System.nanoTime() > deadline + patience.toNanos()) {
        throw new IllegalStateException("the warm-up round was not removed within " + patience);
      }
      Thread.sleep(1_000);
    }
    System.out.printf(
        Locale.ROOT,
        "  warm-up: %d workloads created (%d errors), Ready after %.1f s, removed after %.1f s%n",
        workloads,
        errors.get(),
        ready,
        (System.nanoTime() - start) / 1e9);
  }
}
