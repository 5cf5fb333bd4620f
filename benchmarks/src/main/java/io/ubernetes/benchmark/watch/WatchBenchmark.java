package io.ubernetes.benchmark.watch;

import io.ubernetes.benchmark.Arguments;
import io.ubernetes.benchmark.Percentiles;
import io.ubernetes.benchmark.ProcessStats;
import io.ubernetes.federation.testing.JavaProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches under load: the federation service as a process of its own, N watches held open on a
 * namespace nobody writes (idle, as most watchers of a fleet are), one watch on the namespace
 * written, and creates arriving there at a fixed rate. The watchers start as informers do, each
 * listing and then watching from its list's resourceVersion, all at once. Prints how long the
 * watches took to open, how long a write takes to reach the watcher (from sending the create to
 * reading its ADDED event: p50, p99), and the CPU-seconds per event of the service and of its
 * PostgreSQL, from {@code /proc}.
 *
 * <p>Arguments: {@code --watches=1000 --rate=150 --warmup=180 --duration=30} (rate per second,
 * times in seconds; a service on one core needs minutes before its JIT compiler is done); {@code
 * --service-cpus=0} runs the service (and the PostgreSQL it starts) on those CPUs only, through
 * {@code taskset}, so that the load generator, pinned elsewhere by the script, does not share them.
 */
public final class WatchBenchmark {
  private static final String ADMIN = "ubt_watchbench_watch-benchmark-admin-secret-0123";
  private static final Pattern NAME = Pattern.compile("\"name\":\"(w-\\d+)\"");
  private static final String BODY =
      """
      {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
       "metadata": {"name": "%s", "labels": {"app": "web"}},
       "spec": {"template": {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"labels": {"app": "web"}},
         "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}},
        "replicas": 2}}
      """;

  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Long> sent = new ConcurrentHashMap<>();
  private final List<Long> latencies = new CopyOnWriteArrayList<>();
  private volatile boolean measuring;

  private WatchBenchmark(URI base) {
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    int watches = Integer.parseInt(Arguments.value(args, "watches", "1000"));
    int rate = Integer.parseInt(Arguments.value(args, "rate", "150"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(Arguments.value(args, "warmup", "180")));
    Duration duration = Duration.ofSeconds(Long.parseLong(Arguments.value(args, "duration", "30")));
    String serviceCpus = Arguments.value(args, "service-cpus", "");
    Path work = Path.of("target", "watch-benchmark").toAbsolutePath();
    Arguments.deleteRecursively(work);
    Files.createDirectories(work);
    int port = JavaProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    System.out.printf(
        "Watch benchmark: %d idle watches, creates at %d/s, %d s warm-up, %d s measured%n",
        watches, rate, warmup.toSeconds(), duration.toSeconds());
    System.out.printf(
        "  the service and its PostgreSQL on CPUs %s, this load generator on CPUs %s%n",
        serviceCpus.isEmpty() ? "any" : serviceCpus,
        ProcessStats.allowedCpus(ProcessHandle.current().pid()));
    try (JavaProcess service =
        JavaProcess.start(
            work,
            "federation",
            serviceCpus.isEmpty() ? List.of() : List.of("taskset", "-c", serviceCpus),
            List.of("-Xmx1g", "-XX:+UseParallelGC"),
            "io.ubernetes.federation.FederationApplication",
            List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.data-directory=" + work.resolve("postgres"),
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.agents.data-directory=" + work.resolve("data"),
                "--ubernetes.security.bootstrap-admin-token=" + ADMIN,
                "--ubernetes.scheduler.enabled=false",
                "--logging.level.root=warn",
                "--spring.main.banner-mode=off"))) {
      System.out.println("  the federation service starts, logging to " + service.log());
      service.awaitHttp(base.resolve("/actuator/health/readiness"), Duration.ofMinutes(3));
      new WatchBenchmark(base).run(service.pid(), watches, rate, warmup, duration);
    }
  }

  private void run(long pid, int watches, int rate, Duration warmup, Duration duration)
      throws Exception {
    // As informers starting together do: each lists, then watches from its list's
    // resourceVersion, all at once.
    CountDownLatch open = new CountDownLatch(watches + 1);
    AtomicInteger refused = new AtomicInteger();
    long opening = System.nanoTime();
    for (int i = 0; i <= watches; i++) {
      String namespace = i == watches ? "bench" : "idle";
      String path = "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads";
      watch(path, open, refused, i == watches);
    }
    if (!open.await(2, TimeUnit.MINUTES) || refused.get() > 0) {
      throw new IllegalStateException(
          "the watches did not all open within 2 minutes (" + refused.get() + " refused)");
    }
    System.out.printf(
        Locale.ROOT,
        "  %d informers listed and opened their watches at once in %.2f s%n",
        watches + 1,
        (System.nanoTime() - opening) / 1e9);

    AtomicInteger names = new AtomicInteger();
    AtomicLong failed = new AtomicLong();
    Semaphore inFlight = new Semaphore(256);
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    long periodNanos = 1_000_000_000L / rate;
    writer.scheduleAtFixedRate(
        () -> create("w-" + names.incrementAndGet(), inFlight, failed),
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    Thread.sleep(warmup);
    long writesBefore = names.get();
    long failedBefore = failed.get();
    double cpuBefore = ProcessStats.cpuSeconds(pid);
    double databaseBefore = ProcessStats.descendantsCpuSeconds(pid);
    measuring = true;
    Thread.sleep(duration);
    measuring = false;
    double cpu = ProcessStats.cpuSeconds(pid) - cpuBefore;
    double database = ProcessStats.descendantsCpuSeconds(pid) - databaseBefore;
    long writes = names.get() - writesBefore;
    writer.shutdownNow();

    Percentiles latency = Percentiles.ofNanos(new ArrayList<>(latencies));
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "creates sent %d (%.0f/s), events received %d, failed or refused %d%n",
        writes,
        writes / (double) duration.toSeconds(),
        latency.count(),
        failed.get() - failedBefore);
    System.out.printf(
        Locale.ROOT,
        "write to event   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms%n",
        latency.p50(),
        latency.p90(),
        latency.p99(),
        latency.max());
    System.out.printf(
        Locale.ROOT,
        "service CPU      %.1f s in %d s (%.0f%% of a core), %.3f ms per event, with %d idle"
            + " watches open%n",
        cpu,
        duration.toSeconds(),
        100 * cpu / duration.toSeconds(),
        latency.count() == 0 ? 0 : 1000 * cpu / latency.count(),
        watches);
    System.out.printf(
        Locale.ROOT,
        "PostgreSQL CPU   %.1f s in %d s (%.0f%% of a core), %.3f ms per event%n",
        database,
        duration.toSeconds(),
        100 * database / duration.toSeconds(),
        latency.count() == 0 ? 0 : 1000 * database / latency.count());
  }

  private void create(String name, Semaphore inFlight, AtomicLong failed) {
    if (!inFlight.tryAcquire()) {
      failed.incrementAndGet();
      return;
    }
    sent.put(name, System.nanoTime());
    HttpRequest request =
        HttpRequest.newBuilder(
                base.resolve("/apis/ubernetes.io/v1/namespaces/bench/federatedworkloads"))
            .header("Authorization", "Bearer " + ADMIN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(name)))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              inFlight.release();
              if (error != null || response.statusCode() != 201) {
                failed.incrementAndGet();
              }
            });
  }

  private String listResourceVersion(String path) throws IOException, InterruptedException {
    HttpResponse<String> list =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + ADMIN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher version = Pattern.compile("\"resourceVersion\":\"(\\d+)\"").matcher(list.body());
    if (list.statusCode() != 200 || !version.find()) {
      throw new IOException("the list answered " + list.statusCode() + ": " + list.body());
    }
    return version.group(1);
  }

  private void watch(String path, CountDownLatch open, AtomicInteger refused, boolean measured) {
    Thread.ofVirtual()
        .start(
            () -> {
              boolean opened = false;
              try {
                HttpRequest request =
                    HttpRequest.newBuilder(
                            base.resolve(
                                path
                                    + "?watch=true&allowWatchBookmarks=true&resourceVersion="
                                    + listResourceVersion(path)))
                        .header("Authorization", "Bearer " + ADMIN)
                        .build();
                HttpResponse<InputStream> response =
                    http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                  refused.incrementAndGet();
                }
                open.countDown();
                opened = true;
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    long now = System.nanoTime();
                    if (measured && line.startsWith("{\"type\":\"ADDED\"")) {
                      Matcher name = NAME.matcher(line);
                      Long at = name.find() ? sent.remove(name.group(1)) : null;
                      if (at != null && measuring) {
                        latencies.add(now - at);
                      }
                    }
                  }
                }
              } catch (IOException e) {
                // Refused while opening, or the service stopped at the end.
                if (!opened) {
                  refused.incrementAndGet();
                  open.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }
}
