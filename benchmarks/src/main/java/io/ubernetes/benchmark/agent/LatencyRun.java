package io.ubernetes.benchmark.agent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.ubernetes.benchmark.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-to-applied latency: an open-loop stream of API writes (creates, then updates) spread over
 * the fleet, each workload pinned to one cluster; a watch on every member cluster records when the
 * Deployment of that generation appears there. A write is measured from the moment its request is
 * sent to the moment the member cluster holds that generation (or a later one, when a newer write
 * overtook it).
 */
final class LatencyRun {
  private static final String NAMESPACE = "bench";
  private static final int WORKLOADS_PER_CLUSTER = 3;
  private static final Duration DRAIN = Duration.ofSeconds(30);

  /** One write the API acknowledged: which generation it made and when it was sent. */
  private record Write(String name, long generation, long sentNanos, boolean measured) {}

  /** What one run measured. */
  record Result(
      int agents,
      double rate,
      int writes,
      int failedWrites,
      int notApplied,
      Percentiles apiMillis,
      Percentiles appliedMillis) {}

  private final Federation federation;
  private final Fleet fleet;
  private final List<Write> writes = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, NavigableMap<Long, Long>> arrivals = new ConcurrentHashMap<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final List<Long> apiNanos = java.util.Collections.synchronizedList(new ArrayList<>());

  private LatencyRun(Federation federation, Fleet fleet) {
    this.federation = federation;
    this.fleet = fleet;
  }

  static Result run(int agents, double rate, Duration warmup, Duration duration)
      throws InterruptedException {
    System.out.printf("%nStarting the federation service and %d member clusters...%n", agents);
    try (Federation federation = Federation.start(List.of());
        Fleet fleet = Fleet.start(federation, agents)) {
      federation.awaitReadyClusters(agents, Duration.ofSeconds(120));
      return new LatencyRun(federation, fleet).measure(rate, warmup, duration);
    }
  }

  private Result measure(double rate, Duration warmup, Duration duration)
      throws InterruptedException {
    List<Watch> watches = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      watches.add(
          fleet
              .cluster(i)
              .client()
              .apps()
              .deployments()
              .inNamespace(NAMESPACE)
              .watch(new Arrivals()));
    }
    try {
      System.out.printf(
          "Writing %.0f workloads/s for %d s of warm-up and %d s measured...%n",
          rate, warmup.toSeconds(), duration.toSeconds());
      drive(rate, warmup, duration);
      awaitArrivals();
    } finally {
      watches.forEach(Watch::close);
    }
    List<Long> applied = new ArrayList<>();
    int notApplied = 0;
    int measured = 0;
    for (Write write : List.copyOf(writes)) {
      if (!write.measured()) {
        continue;
      }
      measured++;
      Long arrival = arrival(write);
      if (arrival == null) {
        notApplied++;
      } else {
        applied.add(arrival - write.sentNanos());
      }
    }
    return new Result(
        fleet.size(),
        rate,
        measured,
        failed.get(),
        notApplied,
        Percentiles.ofNanos(List.copyOf(apiNanos)),
        Percentiles.ofNanos(applied));
  }

  /** Records when each generation of each Deployment first appears in its member cluster. */
  private final class Arrivals implements Watcher<Deployment> {
    @Override
    public void eventReceived(Action action, Deployment deployment) {
      long now = System.nanoTime();
      if (action != Action.ADDED && action != Action.MODIFIED) {
        return;
      }
      Map<String, String> annotations = deployment.getMetadata().getAnnotations();
      String generation = annotations == null ? null : annotations.get("ubernetes.io/generation");
      if (generation == null) {
        return;
      }
      arrivals
          .computeIfAbsent(deployment.getMetadata().getName(), k -> new ConcurrentSkipListMap<>())
          .putIfAbsent(Long.parseLong(generation), now);
    }

    @Override
    public void onClose(WatcherException cause) {
      System.err.println("A member cluster watch closed: " + cause.getMessage());
    }
  }

  /** When the member cluster first held this write's generation or a later one. */
  private Long arrival(Write write) {
    NavigableMap<Long, Long> seen = arrivals.get(write.name());
    if (seen == null) {
      return null;
    }
    Long first = null;
    for (long at : seen.tailMap(write.generation(), true).values()) {
      first = first == null ? at : Math.min(first, at);
    }
    return first;
  }

  /** Open loop: a write every 1/rate seconds, whatever the answers' latency. */
  private void drive(double rate, Duration warmup, Duration duration) throws InterruptedException {
    long period = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    AtomicLong index = new AtomicLong();
    try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor()) {
      ticker.scheduleAtFixedRate(
          () -> {
            long now = System.nanoTime();
            if (now < end) {
              long i = index.getAndIncrement();
              writers.execute(() -> write(i, now >= measureFrom));
            }
          },
          0,
          period,
          TimeUnit.NANOSECONDS);
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - start));
      ticker.shutdown();
    }
  }

  /**
   * Write {@code i} goes to cluster {@code i mod N}; each cluster's first writes create its
   * workloads, the later ones update them in turn.
   */
  private void write(long i, boolean measured) {
    int clusters = fleet.size();
    int cluster = (int) (i % clusters);
    long round = i / clusters;
    String name = "w-" + cluster + "-" + (round % WORKLOADS_PER_CLUSTER);
    long sent = System.nanoTime();
    Federation.Answer answer;
    if (round < WORKLOADS_PER_CLUSTER) {
      answer =
          federation.post(
              Workloads.path(NAMESPACE), Workloads.pinned(name, Fleet.zone(cluster), 2));
    } else {
      answer = federation.mergePatch(Workloads.path(NAMESPACE, name), Workloads.revision(round));
    }
    long answered = System.nanoTime();
    if (answer.status() != 200 && answer.status() != 201) {
      failed.incrementAndGet();
      return;
    }
    if (measured) {
      apiNanos.add(answered - sent);
    }
    long generation = answer.body().at("/metadata/generation").asLong();
    writes.add(new Write(name, generation, sent, measured));
  }

  private void awaitArrivals() throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (Write write : List.copyOf(writes)) {
        if (arrival(write) == null) {
          all = false;
          break;
        }
      }
      if (all) {
        return;
      }
      Thread.sleep(100);
    }
  }
}
