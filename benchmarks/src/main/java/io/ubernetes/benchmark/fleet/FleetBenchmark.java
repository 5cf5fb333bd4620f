package io.ubernetes.benchmark.fleet;

import io.ubernetes.benchmark.Arguments;
import io.ubernetes.benchmark.Histogram;
import io.ubernetes.benchmark.Percentiles;
import io.ubernetes.benchmark.ProcessStats;
import io.ubernetes.federation.testing.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole federation at scale on one machine: the federation service in a process of its own (on
 * its embedded PostgreSQL, production settings), a sandbox of simulated member clusters with their
 * real agents in another, and this process creating workloads and watching every member cluster.
 * Measures the time from the first create to every workload applied and ready in its member
 * clusters, each Deployment's delivery latency (create sent to the Deployment seen in its cluster),
 * the scheduler's placements per second, and the federation process's CPU and resident memory.
 *
 * <p>Arguments: {@code --clusters=100 --workloads=1000 --warmup=1000 --concurrency=16
 * --start-delay=1s --patience=180 --member-nice=0 --federation-cpus= --member-cpus=
 * --profile=false} (a warm-up round of {@code --warmup} workloads runs first and is deleted again;
 * {@code --profile=true} records the federation and the sandbox with JFR into {@code
 * target/fleet-benchmark/}).
 *
 * <p>{@code --member-nice=10} runs the sandbox at that lower priority. In a real fleet every member
 * cluster and its agent has cores of its own; here a hundred of them share the machine with the
 * federation, and their hundreds of busy threads take the cores from the federation's few. At a
 * lower priority the federation's own figures (creates, placements, its CPU) show what it can do,
 * and the members, left with what it does not use, bound the end-to-end times. {@code
 * --federation-cpus=0 --member-cpus=1} goes further and gives each side cores of its own ({@code
 * taskset}; the federation's PostgreSQL goes with it, this driver with the members).
 */
public final class FleetBenchmark {
  private static final String TOKEN = "fleet-benchmark-join-token";
  private static final String ADMIN_TOKEN = "ubt_fleetbench_fleet-benchmark-admin-secret-0123";
  private static final String WARMUP = "warmup";
  private static final String MEASURED = "bench";
  private static final String FIRST_PLACEMENT = "ubernetes_scheduler_first_placement_seconds";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI federation;

  private FleetBenchmark(URI federation) {
    this.federation = federation;
  }

  public static void main(String[] args) throws Exception {
    int clusters = Integer.parseInt(Arguments.value(args, "clusters", "100"));
    int workloads = Integer.parseInt(Arguments.value(args, "workloads", "1000"));
    int concurrency = Integer.parseInt(Arguments.value(args, "concurrency", "16"));
    int warmup = Integer.parseInt(Arguments.value(args, "warmup", Integer.toString(workloads)));
    String startDelay = Arguments.value(args, "start-delay", "1s");
    Duration patience =
        Duration.ofSeconds(Long.parseLong(Arguments.value(args, "patience", "180")));
    boolean profile = Boolean.parseBoolean(Arguments.value(args, "profile", "false"));
    int memberNice = Integer.parseInt(Arguments.value(args, "member-nice", "0"));
    String federationCpus = Arguments.value(args, "federation-cpus", "");
    String memberCpus = Arguments.value(args, "member-cpus", "");
    int cores = Runtime.getRuntime().availableProcessors();
    if (!memberCpus.isEmpty()) {
      pin(ProcessHandle.current().pid(), memberCpus);
    }

    int federationPort = JavaProcess.freePort();
    int sandboxPort = JavaProcess.freePort();
    URI federationUrl = URI.create("http://127.0.0.1:" + federationPort);
    URI sandboxUrl = URI.create("http://127.0.0.1:" + sandboxPort);
    List<String> federationJvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC"));
    List<String> sandboxJvm = new ArrayList<>(List.of("-Xmx6g", "-XX:+UseParallelGC"));
    Path work = Path.of("target", "fleet-benchmark").toAbsolutePath();
    Path postgresData = work.resolve("postgres");
    Arguments.deleteRecursively(postgresData);
    // The simulated clusters keep their objects between starts; each run starts from none.
    Path sandboxData = work.resolve("sandbox");
    Arguments.deleteRecursively(sandboxData);
    if (profile) {
      federationJvm.addAll(recording(work.resolve("federation.jfr")));
      sandboxJvm.addAll(recording(work.resolve("sandbox.jfr")));
    }
    System.out.printf(
        Locale.ROOT,
        "Fleet benchmark: %d simulated clusters, %d workloads, %d concurrent creates%n",
        clusters,
        workloads,
        concurrency);
    try (JavaProcess service =
        JavaProcess.start(
            work,
            "federation",
            launcher(0, federationCpus),
            federationJvm,
            "io.ubernetes.federation.FederationApplication",
            List.of(
                "--server.port=" + federationPort,
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.data-directory=" + postgresData,
                "--ubernetes.agents.data-directory=" + work.resolve("data"),
                "--ubernetes.agents.join-token=" + TOKEN,
                "--ubernetes.security.bootstrap-admin-token=" + ADMIN_TOKEN,
                "--logging.level.root=warn",
                "--spring.main.banner-mode=off"))) {
      System.out.println("  the federation service starts, logging to " + service.log());
      service.awaitHttp(federationUrl.resolve("/actuator/health/readiness"), patience);
      try (JavaProcess sandbox =
          JavaProcess.start(
              work,
              "sandbox",
              launcher(memberNice, memberCpus),
              sandboxJvm,
              "io.ubernetes.sandbox.SandboxApplication",
              List.of(
                  "--federation-url=" + federationUrl,
                  "--join-token=" + TOKEN,
                  "--admin-token=" + ADMIN_TOKEN,
                  "--clusters=" + clusters,
                  "--server.port=" + sandboxPort,
                  "--ubernetes.sandbox.data-directory=" + sandboxData,
                  "--ubernetes.sandbox.start-delay=" + startDelay,
                  "--ubernetes.sandbox.ready-timeout=" + patience.toSeconds() + "s",
                  "--logging.level.root=warn",
                  "--spring.main.banner-mode=off"))) {
        System.out.println(
            "  " + clusters + " simulated clusters start, logging to " + sandbox.log());
        sandbox.awaitHttp(sandboxUrl.resolve("/sandbox/clusters"), patience);
        FleetBenchmark benchmark = new FleetBenchmark(federationUrl);
        benchmark.awaitReadyClusters(clusters, patience);
        Map<String, String> apiServers = benchmark.apiServers(sandboxUrl, clusters, patience);
        try (MemberWatches watches = new MemberWatches(apiServers)) {
          long postmaster =
              Long.parseLong(
                  Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst().trim());
          Result result =
              benchmark.run(
                  service.pid(),
                  postmaster,
                  sandbox.pid(),
                  watches,
                  warmup,
                  workloads,
                  concurrency,
                  patience);
          result.print(
              clusters,
              workloads,
              concurrency,
              startDelay,
              new Sharing(cores, memberNice, federationCpus, memberCpus),
              federationJvm);
        }
      }
    }
  }

  /** How the processes share the machine's cores. */
  private record Sharing(int cores, int memberNice, String federationCpus, String memberCpus) {

    @Override
    public String toString() {
      String where =
          federationCpus.isEmpty() && memberCpus.isEmpty()
              ? "all three processes on the same cores"
              : String.format(
                  Locale.ROOT,
                  "the federation on CPUs %s, the sandbox and this driver on CPUs %s",
                  federationCpus.isEmpty() ? "all" : federationCpus,
                  memberCpus.isEmpty() ? "all" : memberCpus);
      return memberNice > 0 ? where + ", the sandbox at nice " + memberNice : where;
    }
  }

  /** {@code taskset} and {@code nice} as asked for; both exec what follows them. */
  private static List<String> launcher(int niceness, String cpus) {
    List<String> launcher = new ArrayList<>();
    if (!cpus.isEmpty()) {
      launcher.addAll(List.of("taskset", "-c", cpus));
    }
    if (niceness > 0) {
      launcher.addAll(List.of("nice", "-n", Integer.toString(niceness)));
    }
    return launcher;
  }

  /** Binds every thread of a running process to {@code cpus}; the threads it starts inherit it. */
  private static void pin(long pid, String cpus) throws IOException, InterruptedException {
    Process taskset =
        new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException(
          "taskset could not bind this driver to CPUs " + cpus + " (its reason is above)");
    }
  }

  private static List<String> recording(Path file) {
    return List.of(
        "-XX:FlightRecorderOptions:stackdepth=256",
        "-XX:StartFlightRecording=settings=profile,filename=" + file + ",dumponexit=true");
  }

  /** What one run measured. */
  private record Result(
      double idleCpuCores,
      long idleRssKiB,
      double createSeconds,
      int createErrors,
      double appliedSeconds,
      double readySeconds,
      double federationAppliedSeconds,
      double federationReadySeconds,
      Percentiles delivery,
      int deliveries,
      Histogram firstPlacement,
      int missing,
      int wrongReplicas,
      int unexpected,
      double placements,
      double passSeconds,
      double passes,
      double windowSeconds,
      double federationCpuSeconds,
      double postgresCpuSeconds,
      double sandboxCpuSeconds,
      double driverCpuSeconds,
      long rssKiB,
      long peakRssKiB,
      List<String> requests) {

    void print(
        int clusters,
        int workloads,
        int concurrency,
        String startDelay,
        Sharing sharing,
        List<String> jvm) {
      double placementsPerSecond = placements / passSeconds;
      System.out.printf(
          Locale.ROOT,
          "%nUbernetes fleet benchmark: %d cores, Java %s, the federation (%s) and its embedded"
              + " PostgreSQL 17 in one process, %d simulated clusters with real agents in another"
              + " (pods ready %s after they start), this driver in a third; %s%n",
          sharing.cores(),
          Runtime.version(),
          String.join(" ", jvm),
          clusters,
          startDelay,
          sharing);
      System.out.printf(
          Locale.ROOT,
          "%n%d workloads created in %.2f s (%d concurrent, %d errors)%n",
          workloads,
          createSeconds,
          concurrency,
          createErrors);
      System.out.printf(Locale.ROOT, "From the first create:%n");
      System.out.printf(
          Locale.ROOT,
          "  every Deployment applied in its member cluster  %7.2f s%n",
          appliedSeconds);
      System.out.printf(
          Locale.ROOT,
          "  every Deployment's replicas ready there          %7.2f s%n",
          readySeconds);
      System.out.printf(
          Locale.ROOT,
          "  the federation's status: all Applied            %7.2f s  (polled every second)%n",
          federationAppliedSeconds);
      System.out.printf(
          Locale.ROOT,
          "  the federation's status: all Ready              %7.2f s  (polled every second)%n",
          federationReadySeconds);
      System.out.printf(
          Locale.ROOT,
          "%nDelivery (create sent to the Deployment seen in its cluster), %d Deployments:%n"
              + "  p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
          deliveries,
          delivery.p50(),
          delivery.p90(),
          delivery.p99(),
          delivery.max());
      System.out.printf(
          Locale.ROOT,
          "  of which the federation's (a workload's creation to its first placement committed,"
              + " its work published; from its histogram of %d):%n"
              + "  p50 %.0f ms, p90 %.0f ms, p99 %.0f ms%n",
          firstPlacement.count(),
          firstPlacement.quantileMillis(0.50),
          firstPlacement.quantileMillis(0.90),
          firstPlacement.quantileMillis(0.99));
      System.out.printf(
          Locale.ROOT,
          "  missing %d, wrong replica count %d, in clusters not placed on %d%n",
          missing,
          wrongReplicas,
          unexpected);
      System.out.printf(
          Locale.ROOT,
          "%nScheduler: %.0f placements in %.0f passes, %.3f s in passes: %.0f placements/s%n",
          placements,
          passes,
          passSeconds,
          placementsPerSecond);
      System.out.printf(
          Locale.ROOT,
          "%nFederation process over the %.1f s from the first create to all Ready:%n"
              + "  CPU %.1f s (%.2f cores on average); its PostgreSQL %.1f s (%.2f cores)%n"
              + "  resident memory %.0f MiB at the end, peak %.0f MiB; idle before the run"
              + " %.0f MiB, %.2f cores%n",
          windowSeconds,
          federationCpuSeconds,
          federationCpuSeconds / windowSeconds,
          postgresCpuSeconds,
          postgresCpuSeconds / windowSeconds,
          rssKiB / 1024.0,
          peakRssKiB / 1024.0,
          idleRssKiB / 1024.0,
          idleCpuCores);
      System.out.printf(
          Locale.ROOT,
          "  meanwhile: the simulated clusters and their agents %.1f s (%.2f"
              + " cores), this driver %.1f s%n",
          sandboxCpuSeconds,
          sandboxCpuSeconds / windowSeconds,
          driverCpuSeconds);
      System.out.printf(
          Locale.ROOT,
          "%nRequests the federation served meanwhile:%n  %-58s %8s %11s %11s%n",
          "endpoint",
          "count",
          "total",
          "mean");
      requests.forEach(System.out::println);
      System.out.printf(Locale.ROOT, "%nTargets%n");
      target(
          "all " + workloads + " Applied within 10 s",
          String.format(Locale.ROOT, "%.2f s in clusters", appliedSeconds),
          appliedSeconds < 10 && missing == 0);
      target(
          "delivery p99 < 1 s",
          String.format(Locale.ROOT, "%.0f ms", delivery.p99()),
          delivery.p99() < 1000);
      target(
          ">= 1000 placements/s",
          String.format(Locale.ROOT, "%.0f/s", placementsPerSecond),
          placementsPerSecond >= 1000);
      int off = missing + unexpected + wrongReplicas;
      target("nothing lost or doubled", off + " Deployments off", off == 0);
    }

    private static void target(String name, String value, boolean met) {
      System.out.printf(Locale.ROOT, "  %-34s %-26s %s%n", name, value, met ? "met" : "NOT MET");
    }
  }

  private Result run(
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
    String scrapeBefore = scrape();
    Map<String, Double> metricsBefore = metrics(scrapeBefore);
    double cpuBefore = ProcessStats.cpuSeconds(pid);
    double postgresBefore = postgresCpu(postmaster);
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
      items = workloads(MEASURED);
      long now = System.nanoTime();
      long applied = items.stream().filter(w -> condition(w, "Applied")).count();
      long ready = items.stream().filter(w -> condition(w, "Ready")).count();
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
    double postgres = postgresCpu(postmaster) - postgresBefore;
    double sandboxCpu = ProcessStats.cpuSeconds(sandboxPid) - sandboxBefore;
    double driverCpu = ProcessStats.cpuSeconds(ProcessHandle.current().pid()) - driverBefore;
    String scrapeAfter = scrape();
    Map<String, Double> metricsAfter = metrics(scrapeAfter);

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
    return new Result(
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
        delta(metricsBefore, metricsAfter, "ubernetes_scheduler_decisions_changed_total"),
        delta(metricsBefore, metricsAfter, "ubernetes_scheduler_pass_seconds_sum"),
        delta(metricsBefore, metricsAfter, "ubernetes_scheduler_pass_seconds_count"),
        window,
        cpu,
        postgres,
        sandboxCpu,
        driverCpu,
        ProcessStats.rssKiB(pid),
        ProcessStats.peakRssKiB(pid),
        requests(metricsBefore, metricsAfter));
  }

  /** The PostgreSQL server's CPU seconds: the postmaster and its backends. */
  private static double postgresCpu(long postmaster) {
    return ProcessStats.cpuSeconds(postmaster) + ProcessStats.descendantsCpuSeconds(postmaster);
  }

  private void awaitReadyClusters(int count, Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    long ready = 0;
    while (System.nanoTime() < deadline) {
      ready = list("/api/v1/clusters").stream().filter(c -> condition(c, "Ready")).count();
      if (ready >= count) {
        System.out.println("  all " + count + " clusters are Ready");
        return;
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException(
        "only " + ready + " of " + count + " clusters became Ready within " + patience);
  }

  /** The simulated clusters' API server URLs, from the sandbox's control API. */
  private Map<String, String> apiServers(URI sandbox, int count, Duration patience)
      throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(sandbox.resolve("/sandbox/clusters")).timeout(patience).build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, String> servers = new TreeMap<>();
    for (JsonNode cluster : JSON.readTree(answer.body())) {
      servers.put(cluster.path("name").asString(), cluster.path("apiServer").asString());
    }
    if (servers.size() != count) {
      throw new IllegalStateException(
          "the sandbox lists " + servers.size() + " clusters, not " + count + ": " + answer.body());
    }
    return servers;
  }

  /** The workloads in namespaces starting with {@code prefix}. */
  private List<JsonNode> workloads(String prefix) throws Exception {
    return list("/api/v1/workloads").stream()
        .filter(w -> w.at("/metadata/namespace").asString().startsWith(prefix + "-"))
        .toList();
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
                if (send("POST", "/api/v1/namespaces/" + namespace + "/workloads", body) != 201) {
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
    List<JsonNode> items = workloads(WARMUP);
    while (items.stream().filter(w -> condition(w, "Ready")).count() < workloads) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the warm-up round did not become Ready within " + patience);
      }
      Thread.sleep(1_000);
      items = workloads(WARMUP);
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
                send("DELETE", path, null);
              } finally {
                inFlight.release();
              }
            });
      }
    }
    while (watches.present(WARMUP) > 0 || !workloads(WARMUP).isEmpty()) {
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

  /** Every item of a list, page by page. */
  private List<JsonNode> list(String path) throws Exception {
    List<JsonNode> items = new ArrayList<>();
    String token = null;
    do {
      String url =
          path
              + "?limit=500"
              + (token == null
                  ? ""
                  : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(federation.resolve(url))
                  .timeout(Duration.ofSeconds(30))
                  .header("Accept", "application/json")
                  .header("Authorization", "Bearer " + ADMIN_TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode page = JSON.readTree(answer.body());
      page.path("items").forEach(items::add);
      token = page.at("/metadata/continue").asString(null);
      if (token != null && token.isEmpty()) {
        token = null;
      }
    } while (token != null);
    return items;
  }

  private int send(String method, String path, String body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(federation.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + ADMIN_TOKEN);
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The service's metrics in the Prometheus text format. */
  private String scrape() throws Exception {
    return http.send(
            HttpRequest.newBuilder(federation.resolve("/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The scheduler's counters and the request counts and times per endpoint ({@code requests POST
   * /path} and {@code seconds POST /path}) from a scrape.
   */
  private static Map<String, Double> metrics(String exposition) {
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

  private static String label(String line, String name) {
    int start = line.indexOf(name + "=\"") + name.length() + 2;
    return line.substring(start, line.indexOf('"', start));
  }

  /** Requests during the run by endpoint, busiest first: count, total and mean seconds. */
  private static List<String> requests(Map<String, Double> before, Map<String, Double> after) {
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

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
  }

  private static boolean condition(JsonNode object, String type) {
    for (JsonNode condition : object.at("/status/conditions")) {
      if (type.equals(condition.path("type").asString())) {
        return "True".equals(condition.path("status").asString());
      }
    }
    return false;
  }
}
