package io.ubernetes.benchmark.placement;

import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.LabelSelector;
import io.ubernetes.placement.LabelSelector.Operator;
import io.ubernetes.placement.LabelSelector.Requirement;
import io.ubernetes.placement.PlacementEngine;
import io.ubernetes.placement.PlacementSpec;
import io.ubernetes.placement.PlacementSpec.Burst;
import io.ubernetes.placement.PlacementSpec.CostWeights;
import io.ubernetes.placement.PlacementSpec.Coupling;
import io.ubernetes.placement.PlacementSpec.CouplingType;
import io.ubernetes.placement.PlacementSpec.Spread;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Workload;
import io.ubernetes.placement.WorkloadKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * One scheduling pass over a whole fleet: {@code placeAll} of 10,000 workloads over 1,000 clusters
 * with {@link Decision.Detail#BRIEF}, each batch timed whole. The workloads share six placement
 * specs, as workloads share placement policies in practice: 1 to 20 replicas each (at least what
 * their spread needs), 10% Duplicated, and 20 pairs coupled Strict by region. Target: under 2 s per
 * batch on 2 cores.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@State(Scope.Benchmark)
public class BatchBenchmark {
  static final int CLUSTERS = 1_000;
  static final int WORKLOADS = 10_000;
  static final int STRICT_PAIRS = 20;
  static final int NAMESPACES = 50;

  private final PlacementEngine engine = new PlacementEngine();
  private final Map<WorkloadKey, Map<String, Integer>> existing = Map.of();
  private List<Cluster> clusters;
  private List<Workload> workloads;

  @Setup
  public void setUp() {
    clusters = Fleet.clusters(CLUSTERS);
    workloads = workloads(new Random(Fleet.SEED + 1));
    List<Decision> decisions = placeAll();
    Map<Decision.Outcome, Integer> outcomes = new EnumMap<>(Decision.Outcome.class);
    long replicas = 0;
    for (Decision decision : decisions) {
      outcomes.merge(decision.outcome(), 1, Integer::sum);
      replicas += decision.placedReplicas();
    }
    System.out.printf(
        "%n%d workloads over %d clusters: %s, %d replicas placed%n",
        decisions.size(), CLUSTERS, outcomes, replicas);
  }

  @Benchmark
  public List<Decision> placeAll() {
    return engine.placeAll(workloads, clusters, existing, Fleet.NOW, Decision.Detail.BRIEF);
  }

  /** The batch: shared specs drawn by weight, then the Strict pairs. */
  static List<Workload> workloads(Random random) {
    PlacementSpec web = Fleet.webSpec();
    PlacementSpec euResident =
        divided(
            new LabelSelector(
                null,
                List.of(
                    new Requirement(Fleet.REGION, Operator.IN, List.of("eu-west", "eu-central")))),
            List.of(new Spread(Fleet.ZONE, 2)),
            0,
            0,
            null,
            null);
    PlacementSpec cheapest =
        new PlacementSpec(
            null,
            null,
            List.of(Fleet.spotToleration()),
            PlacementSpec.Mode.DIVIDED,
            0,
            5,
            0,
            null,
            null,
            null,
            new CostWeights(3, 1, 1, 1, 1));
    PlacementSpec perRegion =
        new PlacementSpec(
            new LabelSelector(Map.of(Cluster.TIER_LABEL, "onprem"), null),
            null,
            null,
            PlacementSpec.Mode.DUPLICATED,
            0,
            0,
            3,
            List.of(new Spread(Fleet.REGION, 3)),
            null,
            null,
            null);
    PlacementSpec bursting =
        divided(
            new LabelSelector(Map.of(Fleet.ENVIRONMENT, "production"), null),
            null,
            0,
            0,
            new Burst(List.of("onprem", "cloud"), 0.8, Duration.ofMinutes(10)),
            null);
    PlacementSpec highlyAvailable =
        divided(
            Fleet.productionOutsideAsia(), List.of(new Spread(Fleet.REGION, 2)), 2, 4, null, null);

    List<Workload> batch = new ArrayList<>(WORKLOADS);
    int singles = WORKLOADS - 2 * STRICT_PAIRS;
    for (int n = 0; n < singles; n++) {
      WorkloadKey key = new WorkloadKey(namespace(random), String.format("w-%05d", n));
      Resources shape = Fleet.SHAPES.get(random.nextInt(Fleet.SHAPES.size()));
      int replicas = 1 + random.nextInt(20);
      int draw = random.nextInt(100);
      PlacementSpec spec;
      // Enough replicas for the spread each spec asks for.
      if (draw < 30) {
        spec = web;
        replicas = Math.max(3, replicas);
      } else if (draw < 45) {
        spec = euResident;
        replicas = Math.max(2, replicas);
      } else if (draw < 65) {
        spec = cheapest;
      } else if (draw < 75) {
        spec = perRegion;
      } else if (draw < 90) {
        spec = bursting;
      } else {
        spec = highlyAvailable;
        replicas = Math.max(4, replicas);
      }
      batch.add(Workload.of(key, replicas, shape, spec));
    }
    PlacementSpec database =
        divided(
            Fleet.productionOutsideAsia(), List.of(new Spread(Fleet.ZONE, 2)), 0, 0, null, null);
    for (int p = 0; p < STRICT_PAIRS; p++) {
      String namespace = namespace(random);
      String app = String.format("pair-%02d-app", p);
      String db = String.format("pair-%02d-db", p);
      PlacementSpec appSpec =
          divided(
              Fleet.productionOutsideAsia(),
              List.of(new Spread(Fleet.ZONE, 3)),
              0,
              0,
              null,
              List.of(new Coupling(db, CouplingType.STRICT, Fleet.REGION, 0)));
      batch.add(
          Workload.of(
              new WorkloadKey(namespace, app),
              3 + random.nextInt(18),
              Fleet.SHAPES.get(random.nextInt(Fleet.SHAPES.size())),
              appSpec));
      batch.add(
          Workload.of(
              new WorkloadKey(namespace, db),
              3,
              Fleet.SHAPES.get(Fleet.SHAPES.size() - 1),
              database));
    }
    return List.copyOf(batch);
  }

  private static String namespace(Random random) {
    return String.format("team-%02d", random.nextInt(NAMESPACES));
  }

  private static PlacementSpec divided(
      LabelSelector selector,
      List<Spread> spread,
      int minReplicasPerCluster,
      int maxClusters,
      Burst burst,
      List<Coupling> coupling) {
    return new PlacementSpec(
        selector,
        null,
        null,
        PlacementSpec.Mode.DIVIDED,
        minReplicasPerCluster,
        0,
        maxClusters,
        spread,
        coupling,
        burst,
        null);
  }
}
