package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.FederationProcess;
import io.ubernetes.federation.testing.JavaProcess;
import java.time.Duration;
import java.util.Locale;

/**
 * The full resync after a restart: the federation stopped with SIGTERM by its PID and started again
 * on the same database and port, while every member keeps calling it at the agent's backoff. Once
 * it is back, each member asks for its full work feed ({@code since=0}, as an agent that lost its
 * state would), checks it against what it holds, and heartbeats again.
 *
 * @param servingSeconds from the new process's start until it reports itself ready
 * @param resyncedSeconds from its start until the last member had its full feed checked and a
 *     heartbeat accepted
 * @param differences workloads a member held otherwise than its full feed says (missing, extra or
 *     another replica count)
 * @param resynced members that resynced within the patience
 */
record ResyncRun(
    double servingSeconds, double resyncedSeconds, int differences, int resynced, int members) {

  /**
   * Stops {@code service} and starts the federation again; returns the new process, once every
   * member resynced or the patience ran out, with the figures.
   */
  static Restarted restart(
      FederationProcess federation, JavaProcess service, LightFleet fleet, Duration patience)
      throws Exception {
    federation.stop(service);
    fleet.beginResync();
    long start = System.nanoTime();
    JavaProcess restarted = federation.start("federation-restarted");
    return new Restarted(restarted, await(federation, restarted, start, fleet, patience));
  }

  /** The federation started again, and how the fleet resynced with it. */
  record Restarted(JavaProcess service, ResyncRun figures) {}

  private static ResyncRun await(
      FederationProcess federation,
      JavaProcess restarted,
      long start,
      LightFleet fleet,
      Duration patience)
      throws Exception {
    federation.awaitReady(restarted, patience);
    double serving = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "  the federation serves again after %.1f s%n", serving);
    long deadline = start + patience.toNanos();
    long done;
    long lastPrint = System.nanoTime();
    while ((done = fleet.allResynced()) < 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      if (System.nanoTime() - lastPrint > 5_000_000_000L) {
        lastPrint = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "  %.0f s: %d of %d members resynced%n",
            (lastPrint - start) / 1e9,
            fleet.resyncedMembers(),
            fleet.members().size());
      }
    }
    return new ResyncRun(
        serving,
        done < 0 ? Double.NaN : (done - start) / 1e9,
        fleet.resyncDifferences(),
        fleet.resyncedMembers(),
        fleet.members().size());
  }
}
