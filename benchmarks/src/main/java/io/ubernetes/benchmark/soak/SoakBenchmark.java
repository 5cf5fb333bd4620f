package io.ubernetes.benchmark.soak;

import io.ubernetes.benchmark.Arguments;
import io.ubernetes.benchmark.Percentiles;
import io.ubernetes.benchmark.ProcessStats;
import io.ubernetes.federation.testing.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The federation under steady churn for a long time, to show that what it holds stays flat: the
 * federation service (embedded PostgreSQL, production settings) and a sandbox of simulated member
 * clusters with real agents, each a process of its own, and this driver making a steady stream of
 * changes: workloads created, scaled, rolled to a new image and deleted around a steady population,
 * a member cluster failed and recovered now and then, and a cluster with its agent stopped and
 * started again. Every minute it prints the federation's and the sandbox's resident memory, threads
 * and open files, the database's connections (the postmaster's backends), and the p50 and p99 of
 * the driver's API calls in that minute, with their failures; at the end, how each moved from the
 * first measured minute to the last.
 *
 * <p>Arguments: {@code --minutes=60 --clusters=6 --population=40 --rate=2 --fail-every=5
 * --restart-every=7 --warmup=2} ({@code --rate} changes per second; failures and restarts every so
 * many minutes; the first {@code --warmup} minutes are not compared, the JVMs settle in them).
 */
public final class SoakBenchmark {
  private static final String TOKEN = "soak-benchmark-join-token";
  private static final String ADMIN = "ubt_soakbench_soak-benchmark-admin-secret-012345";
  private static final String NAMESPACE = "soak";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI federation;
  private final URI sandbox;
  private final Random random = new Random(42);
  private final List<Long> latencies = new ArrayList<>();
  private int failures;

  private SoakBenchmark(URI federation, URI sandbox) {
    this.federation = federation;
    this.sandbox = sandbox;
  }

  public static void main(String[] args) throws Exception {
    int minutes = Integer.parseInt(Arguments.value(args, "minutes", "60"));
    int clusters = Integer.parseInt(Arguments.value(args, "clusters", "6"));
    int population = Integer.parseInt(Arguments.value(args, "population", "40"));
    double rate = Double.parseDouble(Arguments.value(args, "rate", "2"));
    int failEvery = Integer.parseInt(Arguments.value(args, "fail-every", "5"));
    int restartEvery = Integer.parseInt(Arguments.value(args, "restart-every", "7"));
    int warmup = Integer.parseInt(Arguments.value(args, "warmup", "2"));

    Path work = Path.of("target", "soak-benchmark").toAbsolutePath();
    Arguments.deleteRecursively(work);
    Files.createDirectories(work);
    int federationPort = JavaProcess.freePort();
    int sandboxPort = JavaProcess.freePort();
    URI federationUrl = URI.create("http://127.0.0.1:" + federationPort);
    URI sandboxUrl = URI.create("http://127.0.0.1:" + sandboxPort);
    Path postgres = work.resolve("postgres");
    System.out.printf(
        Locale.ROOT,
        "Soak benchmark: %d minutes, %d simulated clusters, %d workloads kept, %.1f changes/s,"
            + " a cluster failed every %d min, one restarted every %d min; %d cores, all processes"
            + " on the same cores%n",
        minutes,
        clusters,
        population,
        rate,
        failEvery,
        restartEvery,
        Runtime.getRuntime().availableProcessors());
    try (JavaProcess service =
        JavaProcess.start(
            work,
            "federation",
            List.of(),
            List.of("-Xmx1g", "-XX:+UseParallelGC"),
            "io.ubernetes.federation.FederationApplication",
            List.of(
                "--server.port=" + federationPort,
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.data-directory=" + postgres,
                "--ubernetes.agents.data-directory=" + work.resolve("data"),
                "--ubernetes.agents.join-token=" + TOKEN,
                "--ubernetes.security.bootstrap-admin-token=" + ADMIN,
                "--logging.level.root=warn",
                "--spring.main.banner-mode=off"))) {
      System.out.println("  the federation service starts, logging to " + service.log());
      service.awaitHttp(federationUrl.resolve("/actuator/health/readiness"), Duration.ofMinutes(3));
      try (JavaProcess members =
          JavaProcess.start(
              work,
              "sandbox",
              List.of(),
              List.of("-Xmx2g", "-XX:+UseParallelGC"),
              "io.ubernetes.sandbox.SandboxApplication",
              List.of(
                  "--federation-url=" + federationUrl,
                  "--join-token=" + TOKEN,
                  "--admin-token=" + ADMIN,
                  "--clusters=" + clusters,
                  "--server.port=" + sandboxPort,
                  "--ubernetes.sandbox.data-directory=" + work.resolve("sandbox"),
                  "--logging.level.root=warn",
                  "--spring.main.banner-mode=off"))) {
        System.out.println("  the sandbox starts, logging to " + members.log());
        members.awaitHttp(sandboxUrl.resolve("/sandbox/clusters"), Duration.ofMinutes(3));
        SoakBenchmark soak = new SoakBenchmark(federationUrl, sandboxUrl);
        List<String> names = soak.clusterNames(clusters);
        long postmaster =
            Long.parseLong(
                Files.readAllLines(postgres.resolve("postmaster.pid")).getFirst().trim());
        List<Minute> run =
            soak.run(
                service.pid(),
                postmaster,
                members.pid(),
                names,
                minutes,
                population,
                rate,
                failEvery,
                restartEvery);
        Minute.summary(run.subList(Math.min(warmup, run.size() - 1), run.size()));
      }
    }
  }

  /** What one minute of the run looked like. */
  record Minute(
      int minute,
      long federationRssKiB,
      long federationThreads,
      long federationFiles,
      long databaseConnections,
      long sandboxRssKiB,
      long sandboxThreads,
      long sandboxFiles,
      Percentiles latency,
      int calls,
      int failures,
      String event) {

    static final String HEADER =
        "minute  fed RSS  threads  files  db conns  sandbox RSS  threads  files   calls  p50 ms"
            + "  p99 ms  failed  event";

    void print() {
      System.out.printf(
          Locale.ROOT,
          "%6d  %5d Mi  %7d  %5d  %8d  %8d Mi  %7d  %5d  %6d  %6.1f  %6.1f  %6d  %s%n",
          minute,
          federationRssKiB / 1024,
          federationThreads,
          federationFiles,
          databaseConnections,
          sandboxRssKiB / 1024,
          sandboxThreads,
          sandboxFiles,
          calls,
          latency.p50(),
          latency.p99(),
          failures,
          event);
    }

    /** How each figure moved from the first compared minute to the last, and whether it is flat. */
    static void summary(List<Minute> compared) {
      Minute first = compared.getFirst();
      Minute last = compared.getLast();
      System.out.printf(
          Locale.ROOT, "%nFrom minute %d to minute %d:%n", first.minute(), last.minute());
      boolean flat = true;
      flat &=
          moved(
              "federation RSS (MiB)",
              first.federationRssKiB / 1024,
              last.federationRssKiB / 1024,
              0.20,
              32);
      flat &= moved("federation threads", first.federationThreads, last.federationThreads, 0.10, 8);
      flat &= moved("federation open files", first.federationFiles, last.federationFiles, 0.10, 16);
      flat &=
          moved(
              "database connections", first.databaseConnections, last.databaseConnections, 0.10, 3);
      flat &=
          moved(
              "sandbox RSS (MiB)", first.sandboxRssKiB / 1024, last.sandboxRssKiB / 1024, 0.20, 64);
      flat &= moved("sandbox threads", first.sandboxThreads, last.sandboxThreads, 0.10, 16);
      flat &= moved("sandbox open files", first.sandboxFiles, last.sandboxFiles, 0.10, 32);
      double p99First = first.latency().p99();
      double p99Last = last.latency().p99();
      System.out.printf(Locale.ROOT, "  %-24s %8.1f -> %8.1f%n", "API p99 (ms)", p99First, p99Last);
      int failed = compared.stream().mapToInt(Minute::failures).sum();
      System.out.printf(Locale.ROOT, "  %-24s %8d%n", "failed calls", failed);
      System.out.printf(
          Locale.ROOT,
          "%nTarget: memory, threads, open files and connections flat (within 10%%, memory 20%%)"
              + " and no failed call: %s%n",
          flat && failed == 0 ? "met" : "NOT MET");
    }

    private static boolean moved(String what, long from, long to, double share, long slack) {
      boolean flat = to - from <= Math.max(slack, (long) Math.ceil(from * share));
      System.out.printf(
          Locale.ROOT, "  %-24s %8d -> %8d  %s%n", what, from, to, flat ? "flat" : "GREW");
      return flat;
    }
  }

  private List<Minute> run(
      long federationPid,
      long postmaster,
      long sandboxPid,
      List<String> clusters,
      int minutes,
      int population,
      double rate,
      int failEvery,
      int restartEvery)
      throws Exception {
    System.out.println();
    System.out.println(Minute.HEADER);
    List<Minute> run = new ArrayList<>();
    List<String> live = new ArrayList<>();
    long pauseNanos = (long) (1e9 / rate);
    int next = 0;
    String failed = null;
    for (int minute = 1; minute <= minutes; minute++) {
      List<String> events = new ArrayList<>();
      if (failed != null) {
        call("POST", sandbox.resolve("/sandbox/clusters/" + failed + ":recover"), null, null);
        events.add(failed + " recovered");
        failed = null;
      }
      if (failEvery > 0 && minute % failEvery == 0) {
        failed = clusters.get(random.nextInt(clusters.size()));
        call("POST", sandbox.resolve("/sandbox/clusters/" + failed + ":fail"), null, null);
        events.add(failed + " failed");
      }
      if (restartEvery > 0 && minute % restartEvery == 0) {
        String restarted = clusters.get(random.nextInt(clusters.size()));
        if (!restarted.equals(failed)) {
          restart(restarted);
          events.add(restarted + " and its agent restarted");
        }
      }
      latencies.clear();
      failures = 0;
      long end = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < end) {
        long started = System.nanoTime();
        if (live.size() < population) {
          String name = "w" + next++;
          if (change("POST", "/api/v1/namespaces/" + NAMESPACE + "/workloads", workload(name))) {
            live.add(name);
          }
        } else {
          int pick = random.nextInt(4);
          String name = live.get(random.nextInt(live.size()));
          String path = "/api/v1/namespaces/" + NAMESPACE + "/workloads/";
          if (pick < 2) {
            change(
                "PATCH",
                path + name,
                "{\"spec\": {\"replicas\": " + (1 + random.nextInt(4)) + "}}");
          } else if (pick == 2) {
            change(
                "PATCH",
                path + name,
                "{\"spec\": {\"template\": {\"spec\": {\"template\": {\"metadata\": {\"annotations\":"
                    + " {\"soak/revision\": \""
                    + started
                    + "\"}}}}}}}");
          } else {
            String oldest = live.removeFirst();
            change("DELETE", path + oldest, null);
          }
        }
        // Someone watches too: a list now and then, as dashboards and tools do.
        if (random.nextInt(10) == 0) {
          change("GET", "/api/v1/namespaces/" + NAMESPACE + "/workloads?limit=100", null);
        }
        long rest = pauseNanos - (System.nanoTime() - started);
        if (rest > 0) {
          Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
        }
      }
      Minute measured =
          new Minute(
              minute,
              ProcessStats.rssKiB(federationPid),
              ProcessStats.threads(federationPid),
              ProcessStats.openFiles(federationPid),
              ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::children).count(),
              ProcessStats.rssKiB(sandboxPid),
              ProcessStats.threads(sandboxPid),
              ProcessStats.openFiles(sandboxPid),
              Percentiles.ofNanos(latencies),
              latencies.size(),
              failures,
              String.join(", ", events));
      measured.print();
      run.add(measured);
    }
    if (failed != null) {
      call("POST", sandbox.resolve("/sandbox/clusters/" + failed + ":recover"), null, null);
    }
    return run;
  }

  /** Stops a simulated cluster and its agent, and starts them again with what they kept. */
  private void restart(String cluster) throws Exception {
    HttpResponse<String> listed = call("GET", sandbox.resolve("/sandbox/clusters"), null, null);
    String definition = definition(listed.body(), cluster);
    call("DELETE", sandbox.resolve("/sandbox/clusters/" + cluster), null, null);
    call("POST", sandbox.resolve("/sandbox/clusters"), definition, "application/json");
  }

  /** The fields of a running cluster that start it again: its name, location and tier. */
  private static String definition(String clusters, String name) {
    var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(clusters);
    for (var cluster : json) {
      if (name.equals(cluster.path("name").asString())) {
        return String.format(
            Locale.ROOT,
            "{\"name\": \"%s\", \"region\": \"%s\", \"zone\": \"%s\", \"provider\": \"%s\","
                + " \"tier\": \"%s\"}",
            name,
            cluster.path("region").asString(),
            cluster.path("zone").asString(),
            cluster.path("provider").asString(),
            cluster.path("tier").asString());
      }
    }
    throw new IllegalStateException("the sandbox does not run " + name);
  }

  /** One API call of the churn, timed; a 5xx or a failed connection counts as a failure. */
  private boolean change(String method, String path, String body) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> answer =
          call(
              method,
              federation.resolve(path),
              body,
              "PATCH".equals(method) ? "application/merge-patch+json" : "application/json");
      latencies.add(System.nanoTime() - started);
      if (answer.statusCode() >= 500) {
        failures++;
      }
      return answer.statusCode() < 300;
    } catch (IOException e) {
      failures++;
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpResponse<String> call(String method, URI url, String body, String type)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + ADMIN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", type);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The names of the sandbox's clusters, once the federation counts them all Ready. */
  private List<String> clusterNames(int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    while (System.nanoTime() < deadline) {
      var clusters =
          json.readTree(call("GET", federation.resolve("/api/v1/clusters"), null, null).body());
      List<String> ready = new ArrayList<>();
      for (var cluster : clusters.path("items")) {
        for (var condition : cluster.at("/status/conditions")) {
          if ("Ready".equals(condition.path("type").asString())
              && "True".equals(condition.path("status").asString())) {
            ready.add(cluster.at("/metadata/name").asString());
          }
        }
      }
      if (ready.size() >= expected) {
        return ready;
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException("the sandbox's clusters did not all become Ready");
  }

  /** A Deployment of a few small replicas, anywhere. */
  private String workload(String name) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}}}}
        """
        .formatted(name, 1 + random.nextInt(4), name, name);
  }
}
