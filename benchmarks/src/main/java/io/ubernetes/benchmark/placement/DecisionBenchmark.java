package io.ubernetes.benchmark.placement;

import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.PlacementEngine;
import io.ubernetes.placement.Workload;
import io.ubernetes.placement.WorkloadKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of one decision: a Divided workload of 100 replicas over a fleet of 1,000 clusters
 * (selector keeping about half, a preference, a spread over 3 zones). {@code SampleTime}, so that
 * JMH reports percentiles. Target: p99 under 1 ms with {@link Decision.Detail#BRIEF}; {@code full}
 * is for information.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class DecisionBenchmark {
  static final int CLUSTERS = 1_000;

  private final PlacementEngine engine = new PlacementEngine();
  private final Map<WorkloadKey, Map<String, Integer>> others = Map.of();
  private List<Cluster> clusters;
  private Workload workload;

  @Setup
  public void setUp() {
    clusters = Fleet.clusters(CLUSTERS);
    workload = Fleet.web();
    Decision decision = engine.place(workload, clusters, others, Fleet.NOW, Decision.Detail.BRIEF);
    if (decision.outcome() != Decision.Outcome.PLACED) {
      throw new IllegalStateException("the benchmark workload does not place: " + decision);
    }
    System.out.printf(
        "%n%d clusters, %d selected; %s%n",
        CLUSTERS,
        Fleet.selected(clusters, workload.placement().clusterSelector()),
        decision.summary());
  }

  @Benchmark
  public Decision brief() {
    return engine.place(workload, clusters, others, Fleet.NOW, Decision.Detail.BRIEF);
  }

  @Benchmark
  public Decision full() {
    return engine.place(workload, clusters, others, Fleet.NOW, Decision.Detail.FULL);
  }
}
