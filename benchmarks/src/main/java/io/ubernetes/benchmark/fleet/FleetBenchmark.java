package io.ubernetes.benchmark.fleet;

import io.ubernetes.benchmark.Arguments;
import io.ubernetes.federation.testing.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 *
 * <p>This class starts the processes; {@link FleetArguments} reads the flags, {@link FleetRun}
 * measures (through {@link FleetClient}) and {@link FleetReport} prints the figures.
 */
public final class FleetBenchmark {
  private static final String TOKEN = "fleet-benchmark-join-token";
  private static final String ADMIN_TOKEN = "ubt_fleetbench_fleet-benchmark-admin-secret-0123";

  private FleetBenchmark() {}

  public static void main(String[] args) throws Exception {
    FleetArguments arguments = FleetArguments.parse(args);
    int clusters = arguments.clusters();
    Duration patience = arguments.patience();
    if (!arguments.memberCpus().isEmpty()) {
      pin(ProcessHandle.current().pid(), arguments.memberCpus());
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
    if (arguments.profile()) {
      federationJvm.addAll(recording(work.resolve("federation.jfr")));
      sandboxJvm.addAll(recording(work.resolve("sandbox.jfr")));
    }
    System.out.printf(
        Locale.ROOT,
        "Fleet benchmark: %d simulated clusters, %d workloads, %d concurrent creates%n",
        clusters,
        arguments.workloads(),
        arguments.concurrency());
    try (JavaProcess service =
        JavaProcess.start(
            work,
            "federation",
            launcher(0, arguments.federationCpus()),
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
              launcher(arguments.memberNice(), arguments.memberCpus()),
              sandboxJvm,
              "io.ubernetes.sandbox.SandboxApplication",
              List.of(
                  "--federation-url=" + federationUrl,
                  "--join-token=" + TOKEN,
                  "--admin-token=" + ADMIN_TOKEN,
                  "--clusters=" + clusters,
                  "--server.port=" + sandboxPort,
                  "--ubernetes.sandbox.data-directory=" + sandboxData,
                  "--ubernetes.sandbox.start-delay=" + arguments.startDelay(),
                  "--ubernetes.sandbox.ready-timeout=" + patience.toSeconds() + "s",
                  "--logging.level.root=warn",
                  "--spring.main.banner-mode=off"))) {
        System.out.println(
            "  " + clusters + " simulated clusters start, logging to " + sandbox.log());
        sandbox.awaitHttp(sandboxUrl.resolve("/sandbox/clusters"), patience);
        FleetClient client = new FleetClient(federationUrl, ADMIN_TOKEN);
        client.awaitReadyClusters(clusters, patience);
        Map<String, String> apiServers = client.apiServers(sandboxUrl, clusters, patience);
        try (MemberWatches watches = new MemberWatches(apiServers)) {
          long postmaster =
              Long.parseLong(
                  Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst().trim());
          FleetReport report =
              new FleetRun(client)
                  .run(
                      service.pid(),
                      postmaster,
                      sandbox.pid(),
                      watches,
                      arguments.warmup(),
                      arguments.workloads(),
                      arguments.concurrency(),
                      patience);
          report.print(arguments, federationJvm);
        }
      }
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
}
