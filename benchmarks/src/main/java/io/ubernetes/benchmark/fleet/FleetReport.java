package io.ubernetes.benchmark.fleet;

import io.ubernetes.benchmark.Histogram;
import io.ubernetes.benchmark.Percentiles;
import java.util.List;
import java.util.Locale;

/** What one run of the fleet benchmark measured, and how it is printed. */
record FleetReport(
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

  /** Prints the figures and the targets of a run with these arguments and federation JVM. */
  void print(FleetArguments arguments, List<String> jvm) {
    int clusters = arguments.clusters();
    int workloads = arguments.workloads();
    int concurrency = arguments.concurrency();
    String startDelay = arguments.startDelay();
    FleetArguments.Sharing sharing = arguments.sharing();
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
        Locale.ROOT, "  every Deployment applied in its member cluster  %7.2f s%n", appliedSeconds);
    System.out.printf(
        Locale.ROOT, "  every Deployment's replicas ready there          %7.2f s%n", readySeconds);
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
    ServiceMetrics.print(requests);
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
