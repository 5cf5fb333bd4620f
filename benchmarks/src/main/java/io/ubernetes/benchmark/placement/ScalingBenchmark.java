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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one decision ({@link Decision.Detail#BRIEF}) as the fleet grows: the workload of
 * {@link DecisionBenchmark} over 10 to 10,000 clusters of the same fleet generator. Linear growth
 * shows as a constant time per cluster.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class ScalingBenchmark {
  @Param({"10", "100", "1000", "10000"})
  public int clusters;

  private final PlacementEngine engine = new PlacementEngine();
  private final Map<WorkloadKey, Map<String, Integer>> others = Map.of();
  private List<Cluster> fleet;
  private Workload workload;

  @Setup
  public void setUp() {
    fleet = Fleet.clusters(clusters);
    workload = Fleet.web();
    Decision decision = place();
    System.out.printf(
        "%n%d clusters, %d selected; %s%n",
        clusters,
        Fleet.selected(fleet, workload.placement().clusterSelector()),
        decision.summary());
  }

  @Benchmark
  public Decision place() {
    return engine.place(workload, fleet, others, Fleet.NOW, Decision.Detail.BRIEF);
  }
}
