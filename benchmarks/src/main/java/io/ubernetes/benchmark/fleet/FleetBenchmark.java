package io.ubernetes.benchmark.fleet;

import io.ubernetes.benchmark.Arguments;
import io.ubernetes.benchmark.FederationProcess;
import io.ubernetes.federation.testing.JavaProcess;
import java.net.URI;
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
      FederationProcess.pin(ProcessHandle.current().pid(), arguments.memberCpus());
    }

    int sandboxPort = JavaProcess.freePort();
    URI sandboxUrl = URI.create("http://127.0.0.1:" + sandboxPort);
    Path work = Path.of("target", "fleet-benchmark").toAbsolutePath();
    FederationProcess federation =
        FederationProcess.fresh(
            work, arguments.profile(), 0, arguments.federationCpus(), TOKEN, ADMIN_TOKEN);
    URI federationUrl = federation.url();
    List<String> sandboxJvm = new ArrayList<>(List.of("-Xmx6g", "-XX:+UseParallelGC"));
    // The simulated clusters keep their objects between starts; each run starts from none.
    Path sandboxData = work.resolve("sandbox");
    Arguments.deleteRecursively(sandboxData);
    if (arguments.profile()) {
      sandboxJvm.addAll(FederationProcess.recording(work.resolve("sandbox.jfr")));
    }
    System.out.printf(
        Locale.ROOT,
        "Fleet benchmark: %d simulated clusters, %d workloads, %d concurrent creates%n",
        clusters,
        arguments.workloads(),
        arguments.concurrency());
    try (JavaProcess service = federation.start()) {
      System.out.println("  the federation service starts, logging to " + service.log());
      federation.awaitReady(service, patience);
      try (JavaProcess sandbox =
          JavaProcess.start(
              work,
              "sandbox",
              FederationProcess.launcher(arguments.memberNice(), arguments.memberCpus()),
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
          long postmaster = federation.postmaster();
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
          report.print(arguments, federation.jvm());
        }
      }
    }
  }
}
