package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.Arguments;
import io.ubernetes.benchmark.FederationProcess;
import io.ubernetes.benchmark.ProcessStats;
import io.ubernetes.benchmark.fleet.FleetClient;
import io.ubernetes.federation.testing.JavaProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The federation at fleet scale, measured without a simulator in the way: the federation service in
 * a process of its own (production JVM settings, its embedded PostgreSQL, {@link
 * FederationProcess}), pinned to {@code --federation-cpus}, and in this process, pinned to {@code
 * --fleet-cpus}, a light fleet of member clusters that speak the agent protocol as the member agent
 * does ({@link LightMember}) and the driver: workloads created open loop at {@code --rate},
 * followed to every member's work feed and to Ready in the federation's watch; new Duplicated
 * placements reaching 100 and 1,000 clusters; a restart of the federation with every member
 * resyncing.
 *
 * <p>Arguments: see {@link LightFleetArguments}. {@code --profile=true} records the federation with
 * JFR into {@code target/lightfleet-benchmark/federation.jfr}.
 */
public final class LightFleetBenchmark {
  static final String JOIN_TOKEN = "lightfleet-benchmark-join-token";
  static final String ADMIN_TOKEN = "ubt_lightfleet_lightfleet-benchmark-admin-secret-01";

  private LightFleetBenchmark() {}

  public static void main(String[] args) throws Exception {
    LightFleetArguments arguments = LightFleetArguments.parse(args);
    int cores = Runtime.getRuntime().availableProcessors();
    if (!arguments.fleetCpus().isEmpty()) {
      FederationProcess.pin(ProcessHandle.current().pid(), arguments.fleetCpus());
    }
    Path work = Path.of("target", "lightfleet-benchmark").toAbsolutePath();
    FederationProcess federation =
        FederationProcess.fresh(
            work, arguments.profile(), 0, arguments.federationCpus(), JOIN_TOKEN, ADMIN_TOKEN);
    System.out.printf(
        Locale.ROOT,
        "Light fleet benchmark: %d light member clusters, %d workloads at %d creates/s%n",
        arguments.clusters(),
        arguments.workloads(),
        arguments.rate());
    JavaProcess service = federation.start();
    try {
      System.out.println("  the federation service starts, logging to " + service.log());
      federation.awaitReady(service, arguments.patience());
      LightFleetReport report = measure(arguments, federation, service, cores);
      service = report.service();
      report.print(arguments, federation.jvm(), cores);
    } finally {
      federation.stop(service);
      // The database served this run only; the logs and recordings stay for reading.
      Arguments.deleteRecursively(federation.postgresData());
    }
  }

  private static LightFleetReport measure(
      LightFleetArguments arguments, FederationProcess federation, JavaProcess service, int cores)
      throws Exception {
    FleetClient client = new FleetClient(federation.url(), ADMIN_TOKEN);
    long self = ProcessHandle.current().pid();
    try (LightFleet fleet =
            new LightFleet(
                federation.url(), arguments.clusters(), JOIN_TOKEN, arguments.readyDelay());
        ReadyWatch watch = new ReadyWatch(federation.url(), ADMIN_TOKEN, client)) {
      long joining = System.nanoTime();
      fleet.joinAndStart();
      client.awaitReadyClusters(arguments.clusters(), arguments.patience());
      double joined = (System.nanoTime() - joining) / 1e9;
      long postmaster = federation.postmaster();

      if (arguments.warmup() > 0) {
        CreateRun.warmUp(
            client, fleet, watch, arguments.warmup(), arguments.rate(), arguments.patience());
      }
      // Idle: every member heartbeating and long-polling, nothing to do; after the warm-up, so
      // that the figure is the steady cost of a fleet rather than the JIT compiling its paths.
      double idleFederation = ProcessStats.cpuSeconds(service.pid());
      double idlePostgres = FederationProcess.postgresCpu(postmaster);
      double idleFleet = ProcessStats.cpuSeconds(self);
      Thread.sleep(10_000);
      double[] idle = {
        (ProcessStats.cpuSeconds(service.pid()) - idleFederation) / 10,
        (FederationProcess.postgresCpu(postmaster) - idlePostgres) / 10,
        (ProcessStats.cpuSeconds(self) - idleFleet) / 10
      };

      CreateRun.Figures load =
          CreateRun.run(
              client,
              fleet,
              watch,
              service.pid(),
              postmaster,
              arguments.workloads(),
              arguments.rate(),
              arguments.patience());
      FleetCheck afterLoad = FleetCheck.of(client, fleet, CreateRun.PREFIX);
      System.out.println("  check: " + afterLoad);

      List<DuplicatedRun.Figures> duplicated = new ArrayList<>();
      // 100 and 1,000 clusters, as many as the fleet has; a fleet under 100 all of it.
      for (int clusters : new int[] {Math.min(100, arguments.clusters()), 1000}) {
        if (arguments.duplicatedSamples() > 0 && clusters <= arguments.clusters()) {
          duplicated.add(DuplicatedRun.run(client, fleet, clusters, arguments.duplicatedSamples()));
        }
      }

      ResyncRun resync = null;
      FleetCheck afterResync = null;
      JavaProcess current = service;
      if (arguments.resync()) {
        ResyncRun.Restarted restarted =
            ResyncRun.restart(federation, service, fleet, arguments.patience());
        current = restarted.service();
        resync = restarted.figures();
        afterResync = FleetCheck.of(client, fleet, CreateRun.PREFIX);
        System.out.println("  check after the resync: " + afterResync);
      }
      return new LightFleetReport(
          current,
          joined,
          idle,
          load,
          afterLoad,
          duplicated,
          resync,
          afterResync,
          ProcessStats.rssKiB(self));
    }
  }
}
