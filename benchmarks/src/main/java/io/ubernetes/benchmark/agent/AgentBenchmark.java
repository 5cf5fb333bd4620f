package io.ubernetes.benchmark.agent;

import io.ubernetes.benchmark.Arguments;
import io.ubernetes.benchmark.Percentiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The agent benchmark: write-to-applied latency through the whole loop (API, scheduler, work feed,
 * agent, member cluster) with 10 and 100 agents, then the agent's resident memory after an hour of
 * work compressed into a minute. Prints the figures and the targets.
 *
 * <p>Arguments: {@code --agents=10,100 --rate=20 --warmup=15 --duration=30} (writes per second and
 * seconds; {@code --agents=} skips the latency runs) and {@code --memory=false} to skip the memory
 * run. System properties {@code agent.jar} and {@code agent.jvm.args} name the packaged agent and
 * the JVM settings it ships with.
 */
public final class AgentBenchmark {
  /** The Karmada agent's published resident memory. */
  private static final double KARMADA_AGENT_MIB = 266;

  private AgentBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        Arrays.stream(Arguments.value(args, "agents", "10,100").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Integer::parseInt)
            .toList();
    double rate = Double.parseDouble(Arguments.value(args, "rate", "20"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(Arguments.value(args, "warmup", "15")));
    Duration duration = Duration.ofSeconds(Long.parseLong(Arguments.value(args, "duration", "30")));
    boolean memory = Boolean.parseBoolean(Arguments.value(args, "memory", "true"));

    List<LatencyRun.Result> latencies = new ArrayList<>();
    for (int size : sizes) {
      LatencyRun.Result result = LatencyRun.run(size, rate, warmup, duration);
      System.out.printf(
          Locale.ROOT,
          "  %d agents: write to applied p50 %.1f ms, p99 %.1f ms (%d writes, %d not applied)%n",
          size,
          result.appliedMillis().p50(),
          result.appliedMillis().p99(),
          result.writes(),
          result.notApplied());
      latencies.add(result);
    }
    MemoryRun.Result footprint = null;
    if (memory) {
      Path jar = Path.of(System.getProperty("agent.jar", ""));
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("agent.jar does not name the packaged agent: " + jar);
      }
      List<String> jvmArgs =
          Arrays.stream(System.getProperty("agent.jvm.args", "").trim().split("\\s+"))
              .filter(s -> !s.isEmpty())
              .toList();
      footprint = MemoryRun.run(jar, jvmArgs);
    }
    report(latencies, footprint, duration);
  }

  private static void report(
      List<LatencyRun.Result> latencies, MemoryRun.Result footprint, Duration duration) {
    System.out.printf(
        Locale.ROOT,
        "%nUbernetes agent benchmark: %d cores, Java %s, embedded PostgreSQL 17,"
            + " agents and mock member clusters in one JVM, production timings%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    if (!latencies.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "%nWrite to applied in the member cluster (ms), %d s measured per fleet:%n",
          duration.toSeconds());
      System.out.printf(
          Locale.ROOT,
          "%-8s %8s %8s %8s %8s %8s %8s %9s %10s %8s%n",
          "agents",
          "writes/s",
          "writes",
          "p50",
          "p90",
          "p99",
          "max",
          "API p99",
          "not appl.",
          "failed");
      for (LatencyRun.Result result : latencies) {
        Percentiles applied = result.appliedMillis();
        System.out.printf(
            Locale.ROOT,
            "%-8d %8.0f %8d %8.1f %8.1f %8.1f %8.1f %9.1f %10d %8d%n",
            result.agents(),
            result.rate(),
            result.writes(),
            applied.p50(),
            applied.p90(),
            applied.p99(),
            applied.max(),
            result.apiMillis().p99(),
            result.notApplied(),
            result.failedWrites());
      }
    }
    if (footprint != null) {
      System.out.printf(
          Locale.ROOT,
          "%nAgent resident memory after an hour-equivalent (%d heartbeats, %d work changes,"
              + " %d managed Deployments at the end): %.0f MiB, peak %.0f MiB%n",
          footprint.heartbeats(),
          footprint.changes(),
          footprint.managedDeployments(),
          footprint.rssMiB(),
          footprint.peakRssMiB());
    }
    System.out.printf("%nTargets%n");
    for (LatencyRun.Result result : latencies) {
      target(
          "write to applied p99 < 1 s, " + result.agents() + " agents",
          result.appliedMillis().p99() < 1000
              && result.notApplied() == 0
              && result.failedWrites() == 0,
          String.format(Locale.ROOT, "%.0f ms", result.appliedMillis().p99()));
    }
    if (footprint != null) {
      // "Well under" Karmada's 266 MiB, read as at most two thirds of it.
      target(
          "agent RSS <= 177 MiB (2/3 of Karmada's 266)",
          footprint.peakRssMiB() <= KARMADA_AGENT_MIB * 2 / 3,
          String.format(
              Locale.ROOT,
              "%.0f MiB peak (%.0f%%)",
              footprint.peakRssMiB(),
              100 * footprint.peakRssMiB() / KARMADA_AGENT_MIB));
    }
  }

  private static void target(String target, boolean met, String measured) {
    System.out.printf(Locale.ROOT, "  %-46s %-16s %s%n", target, measured, met ? "met" : "NOT MET");
  }
}
