package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.Percentiles;
import io.ubernetes.benchmark.fleet.ServiceMetrics;
import io.ubernetes.federation.testing.JavaProcess;
import java.util.List;
import java.util.Locale;

/**
 * What one run of the light fleet benchmark measured, and how it is printed: each figure beside the
 * anchor's and the target's.
 *
 * @param service the federation process running now (after a restart, the new one)
 * @param joinedSeconds from the first join to every cluster Ready
 * @param idleCores the federation's, its PostgreSQL's and this process's cores with nothing to do
 * @param fleetRssKiB this process's resident memory at the end
 */
record LightFleetReport(
    JavaProcess service,
    double joinedSeconds,
    double[] idleCores,
    CreateRun.Figures load,
    FleetCheck afterLoad,
    List<DuplicatedRun.Figures> duplicated,
    ResyncRun resync,
    FleetCheck afterResync,
    long fleetRssKiB) {

  void print(LightFleetArguments arguments, List<String> jvm, int cores) {
    CreateRun.Figures l = load;
    int clusters = arguments.clusters();
    System.out.printf(
        Locale.ROOT,
        "%nUbernetes light fleet benchmark: %d cores, Java %s; the federation (%s) and its embedded"
            + " PostgreSQL 17 on CPUs %s; %d light member clusters (agent protocol, work held in"
            + " memory, replicas ready %d ms after they take it) and this driver in one process on"
            + " CPUs %s%n",
        cores,
        Runtime.version(),
        String.join(" ", jvm),
        arguments.federationCpus().isEmpty() ? "all" : arguments.federationCpus(),
        clusters,
        arguments.readyDelay().toMillis(),
        arguments.fleetCpus().isEmpty() ? "all" : arguments.fleetCpus());
    System.out.printf(
        Locale.ROOT,
        "%n%d clusters joined and Ready after %.1f s; idle after the warm-up: the federation %.2f"
            + " cores (%.2f ms a member a second), its PostgreSQL %.2f, the light fleet %.2f%n",
        clusters,
        joinedSeconds,
        idleCores[0],
        idleCores[0] * 1000 / clusters,
        idleCores[1],
        idleCores[2]);
    System.out.printf(
        Locale.ROOT,
        "%n%d workloads created open loop at %d/s: achieved %.0f/s, %d not created, refusals by"
            + " status (each retried after 1 s) %s; create answered p50 %.0f ms, p99 %.0f ms%n",
        l.workloads(),
        arguments.rate(),
        l.achievedRate(),
        l.failed(),
        l.refusals(),
        l.create().p50(),
        l.create().p99());
    System.out.printf(
        Locale.ROOT,
        "Every workload's work seen by a member %.2f s after the first create; %d of %d Ready"
            + " after %.2f s%n",
        l.placedSeconds(),
        l.readyCount(),
        l.workloads(),
        l.windowSeconds());
    double placementsPerSecond = l.placements() / l.passSeconds();
    double placedPerWallSecond = l.workloads() / l.placedSeconds();
    double perThousand = 1000 * (l.federationCpu() + l.postgresCpu()) / l.workloads();
    System.out.printf(
        Locale.ROOT,
        "%nFederation over the %.1f s from the first create to all Ready:%n"
            + "  CPU %.1f s, its PostgreSQL %.1f s: %.2f + %.2f = %.2f CPU-s per 1,000 workloads%n"
            + "  resident memory %.0f MiB at the end of the load, peak %.0f MiB%n"
            + "  scheduler: %.0f placements in %.0f passes, %.3f s in passes%n"
            + "  its histogram of first placements (creation to work published), %d: p50 %.0f ms,"
            + " p99 %.0f ms%n"
            + "  meanwhile this process (%d light members, the creates and the watch): CPU %.1f s"
            + " (%.2f cores, %.1f ms a member a second), resident %.0f MiB%n",
        l.windowSeconds(),
        l.federationCpu(),
        l.postgresCpu(),
        1000 * l.federationCpu() / l.workloads(),
        1000 * l.postgresCpu() / l.workloads(),
        perThousand,
        l.rssKiB() / 1024.0,
        l.peakRssKiB() / 1024.0,
        l.placements(),
        l.passes(),
        l.passSeconds(),
        l.firstPlacement().count(),
        l.firstPlacement().quantileMillis(0.5),
        l.firstPlacement().quantileMillis(0.99),
        clusters,
        l.fleetCpu(),
        l.fleetCpu() / l.windowSeconds(),
        1000 * l.fleetCpu() / l.windowSeconds() / clusters,
        fleetRssKiB / 1024.0);
    ServiceMetrics.print(l.requests());
    System.out.printf(Locale.ROOT, "%nCorrectness%n  after the load: %s%n", afterLoad);
    if (afterResync != null) {
      System.out.printf(
          Locale.ROOT,
          "  after the restart: %s; workloads held otherwise than the full feed said: %d%n",
          afterResync,
          resync.differences());
    }

    System.out.printf(
        Locale.ROOT, "%n  %-44s %-24s %-34s %s%n", "figure", "measured", "anchor", "target");
    row(
        "placements/s (scheduler, time in passes)",
        String.format(Locale.ROOT, "%.0f/s", placementsPerSecond),
        "Karmada ~200 work items/s",
        ">= 1000/s on one core",
        placementsPerSecond >= 1000);
    row(
        "workloads placed per second of wall time",
        String.format(Locale.ROOT, "%.0f/s", placedPerWallSecond),
        "Karmada ~200 work items/s",
        "",
        null);
    Percentiles published = l.published();
    row(
        String.format(Locale.ROOT, "work published p50 / p99 at %.0f creates/s", l.achievedRate()),
        String.format(Locale.ROOT, "%.0f / %.0f ms", published.p50(), published.p99()),
        "",
        "p99 < 250 ms at 500/s",
        published.p99() < 250 && l.achievedRate() >= 0.95 * 500);
    row(
        "reported Ready p50 / p99",
        String.format(Locale.ROOT, "%.0f / %.0f ms", l.ready().p50(), l.ready().p99()),
        "",
        "",
        null);
    for (DuplicatedRun.Figures d : duplicated) {
      boolean thousand = d.clusters() >= 1000;
      row(
          "new Duplicated placement to " + d.clusters() + " clusters p90",
          String.format(
              Locale.ROOT,
              "%.0f ms%s",
              d.reached().p90(),
              d.late() > 0 ? " (" + d.late() + " late)" : ""),
          thousand ? "" : "KubeFleet p90 20 s (100 clusters)",
          thousand ? "p90 < 2 s" : "",
          thousand ? d.reached().p90() < 2000 && d.late() == 0 : null);
    }
    if (resync != null) {
      row(
          "restart: serving again",
          String.format(Locale.ROOT, "%.1f s", resync.servingSeconds()),
          "",
          "",
          null);
      row(
          "full resync of " + resync.members() + " clusters",
          String.format(
              Locale.ROOT, "%.1f s (%d resynced)", resync.resyncedSeconds(), resync.resynced()),
          "KubeFleet p90 11 min (1,000)",
          "< 60 s",
          resync.resyncedSeconds() < 60 && resync.resynced() == resync.members());
    }
    row(
        "federation CPU-s per 1,000 workloads",
        String.format(Locale.ROOT, "%.2f s", perThousand),
        "",
        "<= 3 CPU-s",
        perThousand <= 3);
    row(
        "federation resident memory (VmRSS / VmHWM)",
        String.format(Locale.ROOT, "%.0f / %.0f MiB", l.rssKiB() / 1024.0, l.peakRssKiB() / 1024.0),
        "Karmada agent 266 MiB",
        "< 1 GiB",
        l.peakRssKiB() < 1024 * 1024);
    int off =
        afterLoad.off() + (afterResync == null ? 0 : afterResync.off() + resync.differences());
    row("nothing lost, doubled or wrong", off + " off", "", "0", off == 0);
  }

  private static void row(
      String figure, String measured, String anchor, String target, Boolean met) {
    System.out.printf(
        Locale.ROOT,
        "  %-44s %-24s %-34s %s%s%n",
        figure,
        measured,
        anchor,
        target,
        met == null ? "" : met ? "  met" : "  NOT MET");
  }
}
