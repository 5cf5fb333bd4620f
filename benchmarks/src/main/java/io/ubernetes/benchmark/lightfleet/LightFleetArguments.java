package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.benchmark.Arguments;
import java.time.Duration;

/**
 * The light fleet benchmark's flags: {@code --clusters=1000 --workloads=10000 --rate=500
 * --warmup=<a fifth of the workloads, at most 2000> --ready-delay=1000 --duplicated-samples=20
 * --resync=true --patience=600 --federation-cpus=0 --fleet-cpus=1 --profile=false} (see {@link
 * LightFleetBenchmark}).
 *
 * @param rate creates a second, paced open loop
 * @param warmup workloads created, followed to Ready and deleted before measuring; 0 for none
 * @param readyDelay how long after a member takes a workload its replicas are ready
 * @param duplicatedSamples Duplicated workloads created one at a time for each of 100 and 1,000
 *     clusters (as many as the fleet has); 0 skips them
 * @param resync whether to restart the federation and time the members' full resync
 * @param patience how long each stage may take before the run gives up
 * @param federationCpus CPUs for {@code taskset -c} of the federation; empty for all
 * @param fleetCpus CPUs for {@code taskset -c} of this process, the light fleet and the driver
 */
record LightFleetArguments(
    int clusters,
    int workloads,
    int rate,
    int warmup,
    Duration readyDelay,
    int duplicatedSamples,
    boolean resync,
    Duration patience,
    String federationCpus,
    String fleetCpus,
    boolean profile) {

  LightFleetArguments {
    positive("clusters", clusters);
    positive("workloads", workloads);
    positive("rate", rate);
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be 0 or more, not " + warmup);
    }
    if (duplicatedSamples < 0) {
      throw new IllegalArgumentException(
          "--duplicated-samples must be 0 or more, not " + duplicatedSamples);
    }
    if (readyDelay.isNegative()) {
      throw new IllegalArgumentException("--ready-delay must be 0 or more milliseconds");
    }
    if (!patience.isPositive()) {
      throw new IllegalArgumentException("--patience must be a positive number of seconds");
    }
  }

  static LightFleetArguments parse(String[] args) {
    int workloads = Integer.parseInt(Arguments.value(args, "workloads", "10000"));
    return new LightFleetArguments(
        Integer.parseInt(Arguments.value(args, "clusters", "1000")),
        workloads,
        Integer.parseInt(Arguments.value(args, "rate", "500")),
        Integer.parseInt(
            Arguments.value(args, "warmup", Integer.toString(Math.min(2000, workloads / 5)))),
        Duration.ofMillis(Long.parseLong(Arguments.value(args, "ready-delay", "1000"))),
        Integer.parseInt(Arguments.value(args, "duplicated-samples", "20")),
        Boolean.parseBoolean(Arguments.value(args, "resync", "true")),
        Duration.ofSeconds(Long.parseLong(Arguments.value(args, "patience", "600"))),
        Arguments.value(args, "federation-cpus", "0"),
        Arguments.value(args, "fleet-cpus", "1"),
        Boolean.parseBoolean(Arguments.value(args, "profile", "false")));
  }

  private static void positive(String flag, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + flag + " must be 1 or more, not " + value);
    }
  }
}
