package io.ubernetes.benchmark.fleet;

import io.ubernetes.benchmark.Arguments;
import java.time.Duration;
import java.util.Locale;

/**
 * The fleet benchmark's flags ({@code --clusters=100 --workloads=1000 --warmup=<workloads>
 * --concurrency=16 --start-delay=1s --patience=180 --member-nice=0 --federation-cpus=
 * --member-cpus= --profile=false}, see {@link FleetBenchmark}), and the machine's cores as they
 * were before this driver was bound to {@code --member-cpus}.
 *
 * @param startDelay how long after they start the simulated pods are ready, as the sandbox reads it
 *     ({@code 1s})
 * @param patience how long each stage may take before the run gives up
 * @param federationCpus CPUs for {@code taskset -c} of the federation; empty for all
 * @param memberCpus CPUs for {@code taskset -c} of the sandbox and this driver; empty for all
 */
record FleetArguments(
    int clusters,
    int workloads,
    int warmup,
    int concurrency,
    String startDelay,
    Duration patience,
    boolean profile,
    int memberNice,
    String federationCpus,
    String memberCpus,
    int cores) {

  FleetArguments {
    positive("clusters", clusters);
    positive("workloads", workloads);
    positive("concurrency", concurrency);
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be 0 or more, not " + warmup);
    }
    if (memberNice < 0) {
      throw new IllegalArgumentException("--member-nice must be 0 or more, not " + memberNice);
    }
    if (patience.isNegative() || patience.isZero()) {
      throw new IllegalArgumentException(
          "--patience must be a positive number of seconds, not " + patience.toSeconds());
    }
  }

  static FleetArguments parse(String[] args) {
    int workloads = Integer.parseInt(Arguments.value(args, "workloads", "1000"));
    return new FleetArguments(
        Integer.parseInt(Arguments.value(args, "clusters", "100")),
        workloads,
        Integer.parseInt(Arguments.value(args, "warmup", Integer.toString(workloads))),
        Integer.parseInt(Arguments.value(args, "concurrency", "16")),
        Arguments.value(args, "start-delay", "1s"),
        Duration.ofSeconds(Long.parseLong(Arguments.value(args, "patience", "180"))),
        Boolean.parseBoolean(Arguments.value(args, "profile", "false")),
        Integer.parseInt(Arguments.value(args, "member-nice", "0")),
        Arguments.value(args, "federation-cpus", ""),
        Arguments.value(args, "member-cpus", ""),
        Runtime.getRuntime().availableProcessors());
  }

  private static void positive(String flag, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + flag + " must be 1 or more, not " + value);
    }
  }

  Sharing sharing() {
    return new Sharing(cores, memberNice, federationCpus, memberCpus);
  }

  /** How the processes share the machine's cores. */
  record Sharing(int cores, int memberNice, String federationCpus, String memberCpus) {

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
}
